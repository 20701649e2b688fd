-- Works on an empty development database, fails on a table with rows.
ALTER TABLE orders ADD COLUMN status text NOT NULL;

-- Rewrites the whole table under an ACCESS EXCLUSIVE lock.
ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid();

ALTER TABLE orders DROP COLUMN created_at;
