-- Re-delivery recognised by the file's metadata before its bytes (issue 17, docs/extracts.md
-- "What happens to a file"): what stat() said of each loaded file, so that a file sent again
-- unchanged is skipped without reading it. Null for loads recorded before this migration, which
-- are then recognised by their SHA-256 as before. Whole numbers too large for a double
-- (nanoseconds since 1970, inode numbers) are exact here.
alter table audit.loads add column if not exists file_size bigint;
alter table audit.loads add column if not exists file_mtime_ns bigint;   -- modification time
alter table audit.loads add column if not exists file_ctime_ns bigint;   -- status change time: set by the kernel, not by touch or utimes
alter table audit.loads add column if not exists file_inode ubigint;
alter table audit.loads add column if not exists file_device ubigint;
