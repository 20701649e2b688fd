-- A clean migration: a new table and its index (the table is empty, so a
-- plain CREATE INDEX is harmless here).
CREATE TABLE orders (
    id         bigint PRIMARY KEY,
    user_id    bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_user_id_idx ON orders (user_id);
