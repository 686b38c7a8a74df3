-- The datatasks demo warehouse: a small online shop in two schemas, for DuckDB.
-- Deterministic: the same rows on every load (pseudo-random values come from hash() of the row number).
CREATE SCHEMA shop;
CREATE SCHEMA billing;

CREATE TABLE shop.customers (
  id INTEGER PRIMARY KEY,
  email VARCHAR NOT NULL UNIQUE,
  full_name VARCHAR NOT NULL,
  country_code VARCHAR(2) NOT NULL,
  signed_up_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE shop.customers IS 'People with an account in the shop';
COMMENT ON COLUMN shop.customers.country_code IS 'ISO 3166-1 alpha-2 country of the billing address';

CREATE TABLE shop.products (
  id INTEGER PRIMARY KEY,
  sku VARCHAR NOT NULL UNIQUE,
  name VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  unit_price DECIMAL(10, 2) NOT NULL
);
COMMENT ON TABLE shop.products IS 'Things for sale, with their current list price';
COMMENT ON COLUMN shop.products.unit_price IS 'List price in EUR, VAT included';

CREATE TABLE shop.orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES shop.customers (id),
  ordered_at TIMESTAMP NOT NULL,
  status VARCHAR NOT NULL
);
COMMENT ON TABLE shop.orders IS 'One row per checkout';
COMMENT ON COLUMN shop.orders.status IS 'placed, shipped, delivered or cancelled';

CREATE TABLE shop.order_items (
  order_id INTEGER NOT NULL REFERENCES shop.orders (id),
  line_no INTEGER NOT NULL,
  product_id INTEGER NOT NULL REFERENCES shop.products (id),
  quantity INTEGER NOT NULL,
  unit_price DECIMAL(10, 2) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
COMMENT ON TABLE shop.order_items IS 'Lines of an order, at the price paid';

CREATE TABLE billing.payments (
  id INTEGER PRIMARY KEY,
  -- References shop.orders(id); DuckDB cannot declare a foreign key across schemas, so the comment says it.
  order_id INTEGER NOT NULL,
  amount DECIMAL(12, 2) NOT NULL,
  method VARCHAR NOT NULL,
  paid_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE billing.payments IS 'Payments received for orders (cancelled orders have none)';
COMMENT ON COLUMN billing.payments.method IS 'card, paypal or bank_transfer';
COMMENT ON COLUMN billing.payments.order_id IS 'The paid order: shop.orders.id';

INSERT INTO shop.customers
SELECT i,
       'customer' || i || '@example.com',
       (['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken'])[1 + i % 8] || ' ' ||
       (['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson'])[1 + (i // 8 + i) % 8],
       (['DE', 'FR', 'NL', 'ES', 'IT', 'GB', 'SE', 'PL'])[1 + CAST(hash(i) % 8 AS INTEGER)],
       TIMESTAMP '2025-01-01' + INTERVAL (i * 7) DAY
FROM range(1, 61) t(i);

INSERT INTO shop.products VALUES
  (1, 'BK-001', 'SQL for Analysts', 'books', 34.90),
  (2, 'BK-002', 'Data Warehousing Basics', 'books', 42.00),
  (3, 'HW-001', 'Mechanical Keyboard', 'hardware', 129.00),
  (4, 'HW-002', '27-inch Monitor', 'hardware', 319.00),
  (5, 'HW-003', 'USB-C Dock', 'hardware', 89.50),
  (6, 'SW-001', 'BI Tool Licence (1 year)', 'software', 240.00),
  (7, 'SW-002', 'Notebook App Pro', 'software', 59.00),
  (8, 'AC-001', 'Laptop Sleeve', 'accessories', 24.90),
  (9, 'AC-002', 'Desk Mat', 'accessories', 19.90),
  (10, 'AC-003', 'Webcam Cover (3 pack)', 'accessories', 6.50);

INSERT INTO shop.orders
SELECT i,
       1 + CAST(hash(i * 31) % 60 AS INTEGER),
       TIMESTAMP '2026-01-01' + INTERVAL (CAST(hash(i * 17) % 300 AS INTEGER)) DAY + INTERVAL (CAST(hash(i * 13) % 86400 AS INTEGER)) SECOND,
       CASE WHEN CAST(hash(i * 7) % 10 AS INTEGER) = 0 THEN 'cancelled' WHEN CAST(hash(i * 7) % 10 AS INTEGER) < 4 THEN 'shipped' WHEN CAST(hash(i * 7) % 10 AS INTEGER) < 5 THEN 'placed' ELSE 'delivered' END
FROM range(1, 401) t(i);

INSERT INTO shop.order_items
SELECT o.id, l.line_no, p.id, 1 + CAST(hash(o.id * 11 + l.line_no) % 3 AS INTEGER), p.unit_price
FROM shop.orders o
CROSS JOIN range(1, 4) l(line_no)
JOIN shop.products p ON p.id = 1 + CAST(hash(o.id * 5 + l.line_no) % 10 AS INTEGER)
WHERE l.line_no <= 1 + CAST(hash(o.id) % 3 AS INTEGER);

INSERT INTO billing.payments
SELECT row_number() OVER (ORDER BY o.id),
       o.id,
       (SELECT SUM(quantity * unit_price) FROM shop.order_items i WHERE i.order_id = o.id),
       (['card', 'paypal', 'bank_transfer'])[1 + CAST(hash(o.id * 3) % 3 AS INTEGER)],
       o.ordered_at + INTERVAL (CAST(hash(o.id) % 3600 AS INTEGER)) SECOND
FROM shop.orders o
WHERE o.status <> 'cancelled';

CREATE VIEW shop.customer_lifetime_value AS
SELECT c.id AS customer_id, c.full_name, c.country_code, COUNT(DISTINCT o.id) AS orders, COALESCE(SUM(p.amount), 0) AS revenue
FROM shop.customers c
LEFT JOIN shop.orders o ON o.customer_id = c.id
LEFT JOIN billing.payments p ON p.order_id = o.id
GROUP BY c.id, c.full_name, c.country_code;
COMMENT ON VIEW shop.customer_lifetime_value IS 'Orders and paid revenue per customer';
