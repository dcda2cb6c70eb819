/* knee_rehab 0.2.0 -> 0.3.0: ALTER EXTENSION knee_rehab UPDATE TO '0.3.0'.
 *
 * Changes since 0.2.0, newest last.  Every change to a SQL file in src/ that
 * alters what CREATE EXTENSION knee_rehab installs is repeated here, so that
 * a 0.2.0 (or 0.1.0, through 0.2.0) database updated to 0.3.0 has exactly
 * the schema of a fresh 0.3.0 install; test/shell/upgrade.sh compares the
 * two (catalogs and pg_dump --binary-upgrade) and fails on any difference.
 * Append new entries at the end under a "-- ----" heading naming the issue
 * and the change; use @extschema@. as the install files do.
 * src/versions/knee_rehab--0.2.0.sql and every earlier script are released
 * and frozen: never edit them.
 *
 * Writing an entry: CREATE OR REPLACE FUNCTION for a changed body or
 * attributes (a changed signature or return type: DROP then CREATE, then its
 * COMMENT and GRANTs again); CREATE OR REPLACE VIEW only appends columns
 * (otherwise DROP VIEW, CREATE VIEW, COMMENT, GRANT); a new table column goes
 * last in its CREATE TABLE too, or the column order differs; new tables and
 * sequences that hold user data need pg_extension_config_dump here as well.
 * Keep slash-star out of this comment: PostgreSQL nests block comments.
 */
\echo Use "ALTER EXTENSION knee_rehab UPDATE TO '0.3.0'" to load this file. \quit
