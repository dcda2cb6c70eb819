#!/usr/bin/perl
# include.pl FILE.sql.in > FILE.sql: the upgrade script in development,
# with its "-- @include" lines replaced by the current text of the src/ SQL
# files, so that an object the update re-creates is written once (in src/)
# and the update always creates what a fresh install does
# (test/shell/upgrade.sh checks that).  A directive:
#
#   -- @include PATH [from /REGEX/] [to /REGEX/] [or-replace]
#
# includes PATH's lines from the first matching "from" (inclusive; default
# the first line) to the next matching "to" (exclusive; default the end);
# or-replace turns "CREATE FUNCTION" and "CREATE VIEW" at a line's start
# into "CREATE OR REPLACE ..." (for objects that exist before the update).
# Paths are relative to the repository root (the current directory).  At a
# release the built script is committed to src/versions and frozen like
# the others (src/versions/SHA256SUMS).
# SPDX-License-Identifier: GPL-3.0-or-later
use strict;
use warnings;

while (my $line = <>) {
	if ($line !~ m{^-- \@include (\S+)(.*)$}) { print $line; next; }
	my ($path, $opts) = ($1, $2);
	my ($from) = $opts =~ m{\bfrom /((?:[^/\\]|\\.)*)/};
	my ($to) = $opts =~ m{\bto /((?:[^/\\]|\\.)*)/};
	my $or_replace = $opts =~ /\bor-replace\b/;
	open(my $fh, '<', $path) or die "include.pl: $path: $!\n";
	my @lines = <$fh>;
	close $fh;
	my ($start, $end) = (0, scalar @lines);
	if (defined $from) {
		($start) = grep { $lines[$_] =~ /$from/ } 0 .. $#lines;
		die "include.pl: $path: no line matches /$from/\n" unless defined $start;
	}
	if (defined $to) {
		my ($e) = grep { $lines[$_] =~ /$to/ } $start + 1 .. $#lines;
		die "include.pl: $path: no line after /$from/ matches /$to/\n" unless defined $e;
		$end = $e;
	}
	print "-- ---- from $path\n";
	for my $l (@lines[$start .. $end - 1]) {
		$l =~ s/^CREATE (FUNCTION|VIEW) /CREATE OR REPLACE $1 / if $or_replace;
		print $l;
	}
}
