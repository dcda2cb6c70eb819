#!/usr/bin/perl
# explain_ok.pl AGGREGATES PLANFILE: EXPLAIN (VERBOSE) of a cross-clinic
# report on Citus shows the aggregation on the workers, no rows pulled.
#
# Every query Citus sends to the shards (its text names a shard,
# knee_rehab.<table>_<shard id>) is checked:
#   - in a Distributed Subplan (its result is shipped to the coordinator
#     and read back as an intermediate result), the query must aggregate
#     at its top level: GROUP BY, worker_partial_agg or an aggregate call
#     outside any parentheses.  It ships per-group rows or partial states
#     (e.g. per-clinic Kaplan-Meier states), never a table's raw rows;
#   - in the main distributed scan, the query must aggregate or window
#     somewhere (pushed down whole: the coordinator only concatenates).
# AGGREGATES is a regex alternation of aggregate function names.
# Exits 1, printing the offending query, or when no query reaches a shard.
# SPDX-License-Identifier: GPL-3.0-or-later
use strict;
use warnings;

my ($aggs, $file) = @ARGV;

# The query's top level, every parenthesised part replaced by \x01.
sub top_level
{
	my $t = shift;
	1 while $t =~ s/\([^()]*\)/\x{1}/g;
	return $t;
}

# The subqueries at the query's top level: each parenthesised part at
# depth 0 that starts with SELECT (quotes respected).
sub subqueries
{
	my $q = shift;
	my ($depth, $quoted, $start, @subs) = (0, 0, -1);
	for my $i (0 .. length($q) - 1) {
		my $c = substr($q, $i, 1);
		if ($quoted) { $quoted = 0 if $c eq "'"; next; }
		if ($c eq "'") { $quoted = 1; next; }
		if ($c eq '(') { $start = $i if $depth++ == 0; }
		if ($c eq ')' && --$depth == 0) {
			my $sub = substr($q, $start + 1, $i - $start - 1);
			push @subs, $sub if $sub =~ /^\s*SELECT\b/i;
		}
	}
	return @subs;
}

# Does the query ship groups rather than rows?  Yes when it groups (or
# partially aggregates) at its top level; else when it reads no shard
# table directly and every subquery it reads a shard through does
# (Citus wraps a subquery pushed down whole in "SELECT worker_column_1 ...
# FROM (...) worker_subquery", possibly beside an intermediate result).
sub groups
{
	my $q = shift;
	my $top = top_level($q);
	return 1 if $top =~ /\bGROUP BY\b/i || $top =~ /\bworker_partial_agg\b/
		|| $top =~ /\b(?:$aggs)\x{1}/;
	return 0 if $top =~ /\bknee_rehab\.[a-z_]+_[0-9]{6}\b/;
	my @shard_subs = grep { /\bknee_rehab\.[a-z_]+_[0-9]{6}\b/ } subqueries($q);
	return 0 unless @shard_subs;
	for my $sub (@shard_subs) { return 0 unless groups($sub); }
	return 1;
}

open(my $fh, "<", $file) or die "$file: $!";
my @sub;	# indentation of the enclosing Distributed Subplan lines
my ($shard_queries, $bad) = (0, 0);
while (my $line = <$fh>) {
	my ($ind) = $line =~ /^(\s*)/;
	my $depth = length($ind);
	pop @sub while @sub && $depth <= $sub[-1] && $line =~ /\S/;
	if ($line =~ /Distributed Subplan/) { push @sub, $depth; next; }
	next unless $line =~ /^\s*Query: (.*)$/;
	my $q = $1;
	next unless $q =~ /\bknee_rehab\.[a-z_]+_[0-9]{6}\b/;	# reads a shard
	$shard_queries++;
	if (@sub) {
		next if groups($q);
		print "subplan pulls rows: the query sent to the shards does not aggregate at its top level: ",
			substr($q, 0, 400), "\n";
		$bad = 1;
	} elsif ($q !~ /worker_partial_agg|GROUP BY|OVER \(|\b(?:$aggs)\(/i) {
		print "no aggregation in the query sent to the shards: ", substr($q, 0, 400), "\n";
		$bad = 1;
	}
}
if (!$shard_queries) { print "no query sent to the shards\n"; $bad = 1; }
exit $bad;
