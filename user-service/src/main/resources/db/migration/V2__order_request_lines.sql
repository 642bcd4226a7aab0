-- The lines of each accepted order request: what the purchase limit (PurchaseLimit) adds up per shopper and product
-- over its window. Written in the same transaction as the request row, so a refused order leaves nothing behind.
CREATE TABLE order_request_lines (
    order_id   UUID        NOT NULL REFERENCES order_requests (order_id) ON DELETE CASCADE,
    user_id    UUID        NOT NULL,
    product_id UUID        NOT NULL,
    quantity   INT         NOT NULL CHECK (quantity > 0),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
CREATE INDEX order_request_lines_user_product_time_idx ON order_request_lines (user_id, product_id, created_at);
