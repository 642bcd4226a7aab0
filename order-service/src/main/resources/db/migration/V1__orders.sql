-- Events already applied (shop.chassis.kafka.ProcessedEvents): a redelivered event finds its id here.
create table processed_events (
    event_id     uuid primary key,
    processed_at timestamptz not null
);

-- The id is the order id chosen by user-service and carried by every event of the order.
create table orders (
    id               uuid primary key,
    user_id          uuid        not null,
    status           varchar(16) not null check (status in ('PENDING', 'CONFIRMED', 'REJECTED')),
    total            numeric(19, 2) check (total >= 0),
    currency         char(3),
    rejection_reason varchar(64),
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    version          bigint      not null,
    check ((status = 'CONFIRMED') = (total is not null and currency is not null)),
    check ((status = 'REJECTED') = (rejection_reason is not null))
);

-- GET /api/orders: one shopper's orders, newest first.
create index orders_by_user_newest_first on orders (user_id, created_at desc, id desc);

create table order_items (
    order_id   uuid    not null references orders (id) on delete cascade,
    line_no    integer not null,
    product_id uuid    not null,
    quantity   integer not null check (quantity >= 1),
    unit_price numeric(19, 2) check (unit_price >= 0),
    primary key (order_id, line_no),
    unique (order_id, product_id)
);

-- Every status an order took, in order: one row per transition.
create table order_status_changes (
    id         bigint generated always as identity primary key,
    order_id   uuid        not null references orders (id) on delete cascade,
    status     varchar(16) not null,
    reason     varchar(64),
    changed_at timestamptz not null
);

create index order_status_changes_by_order on order_status_changes (order_id, id);

-- A stock outcome that arrived before its order's placement, applied when the placement arrives.
create table early_outcomes (
    order_id      uuid primary key,
    event_id      uuid        not null,
    event_type    varchar(64) not null,
    event_version integer     not null,
    payload       text        not null,
    received_at   timestamptz not null
);
