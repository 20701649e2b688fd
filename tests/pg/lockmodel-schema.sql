-- lockmodel-schema.sql - the prepared schema tests/pg/lockmodel-verify.sh
-- runs every case of lockmodel-cases.tsv against (each case is rolled back).
-- Every table has rows, so scans and rewrites show in the statistics.
CREATE TYPE status AS ENUM ('draft', 'published');
CREATE DOMAIN posint AS int CHECK (VALUE > 0);
CREATE DOMAIN anyint AS int;
CREATE FUNCTION trg_fn() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;

CREATE TABLE u (id bigint PRIMARY KEY, name text);
INSERT INTO u SELECT g, 'u' || g FROM generate_series(1, 100) g;

CREATE TABLE t (
	id bigint PRIMARY KEY,
	a int,
	a2 int,
	b text,
	c varchar(10),
	ch char(5),
	d numeric(10,2),
	ts timestamp,
	ts3 timestamp(3),
	ci cidr,
	st status,
	u_id bigint,
	arr int[],
	tags text[],
	vtags varchar(10)[]
);
INSERT INTO t SELECT g, g, g, 'b' || g, 'c' || g, 'x', g / 3.0, '2024-01-01'::timestamp,
	'2024-01-01'::timestamp, '10.0.0.0/8', 'draft', g % 100 + 1, ARRAY[g], ARRAY['a'], ARRAY['a']
	FROM generate_series(1, 200) g;
CREATE INDEX t_a_idx ON t (a);
CREATE UNIQUE INDEX t_b_uidx ON t (b);
CREATE INDEX t_c_idx ON t (c);
ALTER TABLE t ADD CONSTRAINT t_a_chk CHECK (a > 0);
ALTER TABLE t ADD CONSTRAINT t_a2_nn CHECK (a2 IS NOT NULL);
ALTER TABLE t ADD CONSTRAINT t_u_fk_nv FOREIGN KEY (u_id) REFERENCES u (id) NOT VALID;
ALTER TABLE t ADD CONSTRAINT t_a_chk_nv CHECK (a > -5) NOT VALID;
CREATE TRIGGER t_trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION trg_fn();
CREATE POLICY t_pol ON t USING (a > 0);

CREATE VIEW v AS SELECT id, a FROM t;
CREATE MATERIALIZED VIEW mv AS SELECT id, a FROM t;
CREATE UNIQUE INDEX mv_id_idx ON mv (id);

CREATE TABLE p (id int NOT NULL, v text) PARTITION BY RANGE (id);
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (100);
CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (100) TO (200);
INSERT INTO p SELECT g, 'p' || g FROM generate_series(0, 199) g;
CREATE TABLE p3 (id int NOT NULL, v text);
INSERT INTO p3 SELECT g, 'p' || g FROM generate_series(200, 299) g;
CREATE TABLE p4 (id int NOT NULL, v text, CONSTRAINT p4_bound CHECK (id >= 300 AND id < 400));
INSERT INTO p4 SELECT g, 'p' || g FROM generate_series(300, 399) g;

-- unique indexes to promote to constraints: w on a nullable column
CREATE TABLE w (id int, v text);
INSERT INTO w SELECT g, 'w' FROM generate_series(1, 100) g;
CREATE UNIQUE INDEX w_id_uidx ON w (id);
CREATE TABLE k (id int NOT NULL, v text);
INSERT INTO k SELECT g, 'k' FROM generate_series(1, 100) g;
CREATE UNIQUE INDEX k_id_uidx ON k (id);

CREATE UNLOGGED TABLE ul (id int);
INSERT INTO ul SELECT generate_series(1, 100);
CREATE TABLE par (id int);
CREATE TABLE kid (id int);
INSERT INTO kid SELECT generate_series(1, 100);
CREATE SEQUENCE s;
CREATE TABLE lone (id int PRIMARY KEY);
INSERT INTO lone SELECT generate_series(1, 100);
CREATE TABLE dt (id int, q posint);
INSERT INTO dt SELECT g, g FROM generate_series(1, 100) g;
CREATE SCHEMA other;
ANALYZE;
