-- Looks fine in review, works on a laptop, blocks every write to "orders"
-- in production while the index builds.
CREATE INDEX orders_created_at_idx ON orders (created_at);
