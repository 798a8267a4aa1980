-- The incremental build's state (pipelines/model/build.ts). Written in the build's one
-- transaction, so a crashed build leaves the previous state and the next build catches up.

-- The last load the models were built from: loads after it are what the next build applies.
create table if not exists audit.build_watermark (
  last_load_id bigint not null,
  built_at timestamp not null
);

-- Per model: the hash of its bound SQL and materialisation when last built. A different hash
-- (the SQL or a setting it reads changed) rebuilds the model and everything downstream of it.
create table if not exists audit.build_state (
  relation varchar not null,
  sql_hash varchar not null,
  materialized varchar not null,
  built_at timestamp not null
);

-- The referrals whose rows a corrected delivery deleted (pipelines/load/replace-delivery.ts): the
-- rows are gone from raw, so the build could not otherwise know which referrals to rebuild.
-- `load_id` is the delivery that replaced them; the build clears what it has applied.
create table if not exists audit.replaced_keys (
  load_id bigint not null,
  extract_id varchar not null,
  referral_id varchar not null
);
