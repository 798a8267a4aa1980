-- What each build changed in the marts (pipelines/model/build.ts), so that a publish copies the
-- previous snapshot and brings only those marts up to date (pipelines/publish/publish.ts): a
-- mart rebuilt whole (month_column and months null), or the months a by-month mart deleted and
-- re-inserted, for the PCNs in `pcns` (null: every PCN; a null in the list: rows of no PCN).
-- Written in the build's transaction; a snapshot records the last build_id it shows, and the
-- next publish applies the changes of the builds after it. One row per mart per build.
create sequence if not exists audit.build_id_seq;

create table if not exists audit.mart_changes (
  build_id bigint not null,
  relation varchar not null,
  month_column varchar,
  months date[],
  pcns varchar[]
);

-- This warehouse's identity: a snapshot records it with its build_id, so that a snapshot left by
-- another warehouse at the same path (its build_ids count from 1 too) is never taken as the base.
create table if not exists audit.warehouse_identity as select uuid() as warehouse_id, current_timestamp as created_at;

-- a warehouse made while this table had no PCNs (one day of development) gets them
alter table audit.mart_changes add column if not exists pcns varchar[];
