#!/usr/bin/perl
# same.pl A B: the two query outputs hold the same rows in the same order;
# numbers (also inside arrays, composites and jsonb) within a relative 1e-9,
# everything else identical.  Prints the first difference, exits 1 on one.
# SPDX-License-Identifier: GPL-3.0-or-later
use strict;
use warnings;
open(my $fa, '<', $ARGV[0]) or die "$ARGV[0]: $!";
open(my $fb, '<', $ARGV[1]) or die "$ARGV[1]: $!";
my @a = <$fa>;
my @b = <$fb>;
my $num = qr/-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/;
if (@a != @b) { printf "rows: %d vs %d\n", scalar @a, scalar @b; exit 1; }
for my $i (0 .. $#a) {
	my @x = split /($num)/, $a[$i];
	my @y = split /($num)/, $b[$i];
	my $ok = @x == @y;
	for (my $j = 0; $ok && $j < @x; $j++) {
		if ($j % 2) {
			my ($p, $q) = ($x[$j], $y[$j]);
			next if $p eq $q;
			my $m = abs($p) > abs($q) ? abs($p) : abs($q);
			$ok = abs($p - $q) <= 1e-9 * $m;
		} else {
			$ok = $x[$j] eq $y[$j];
		}
	}
	unless ($ok) {
		chomp(my $l = $a[$i]); chomp(my $r = $b[$i]);
		printf "row %d differs:\n  single: %s\n  citus:  %s\n", $i + 1, substr($l, 0, 400), substr($r, 0, 400);
		exit 1;
	}
}
exit 0;
