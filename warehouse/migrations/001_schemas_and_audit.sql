-- Layers of the warehouse (DESIGN.md): raw (landed, typed, valid rows), audit (loads and
-- rejects), staging / intermediate / marts (built by `spo build` from warehouse/*/*.sql).
create schema if not exists raw;
create schema if not exists audit;
create schema if not exists staging;
create schema if not exists intermediate;
create schema if not exists marts;

create sequence if not exists audit.load_id_seq start 1;

-- One row per file the loader was given, whatever happened to it.
create table if not exists audit.loads (
  load_id bigint primary key,
  file_name varchar not null,
  file_path varchar not null,
  sha256 varchar,
  extract_id varchar,
  source varchar,
  period varchar,
  status varchar not null,          -- loaded | replaced | skipped | rejected | superseded
  rows_read bigint not null default 0,
  rows_loaded bigint not null default 0,
  rows_rejected bigint not null default 0,
  replaced_load_id bigint,          -- the earlier batch this delivery replaced
  error varchar,                    -- why a whole file was refused
  started_at timestamp not null,
  finished_at timestamp,
  duration_ms bigint,
  run_by varchar not null           -- user@host and the command that ran the load
);

-- One row per failed check per rejected row: what to fix, where.
create table if not exists audit.rejected_rows (
  load_id bigint not null,
  file_name varchar not null,
  line bigint,                      -- row of the file, counting the header as 1
  column_name varchar,
  value varchar,
  reason varchar not null
);

-- Model builds and their data tests.
create table if not exists audit.builds (
  build_id bigint,
  started_at timestamp,
  finished_at timestamp,
  status varchar,
  models integer,
  tests_passed integer,
  tests_failed integer,
  error varchar
);
