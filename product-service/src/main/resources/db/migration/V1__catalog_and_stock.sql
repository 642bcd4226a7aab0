-- The catalog: one row per product. The stock can never go below zero, whatever code runs against the table.
create table products (
    id          uuid           primary key,
    sku         varchar(64)    not null,
    name        varchar(200)   not null,
    description varchar(2000),
    price       numeric(12, 2) not null constraint products_price_not_negative check (price >= 0),
    currency    char(3)        not null constraint products_currency_iso check (currency ~ '^[A-Z]{3}$'),
    stock       integer        not null constraint products_stock_not_negative check (stock >= 0),
    version     bigint         not null,
    created_at  timestamptz    not null,
    updated_at  timestamptz    not null
);

-- SKUs are unique regardless of case; the application maps a violation of this index to 409.
create unique index products_sku_unique on products (lower(sku));

-- The catalog is listed by name.
create index products_by_name on products (name, id);

-- One reservation per order: the stock taken for it, at the prices of the moment. Releasing comes later.
create table reservations (
    order_id   uuid        primary key,
    status     varchar(16) not null constraint reservations_status check (status in ('RESERVED', 'RELEASED')),
    currency   char(3)     not null,
    created_at timestamptz not null
);

create table reservation_lines (
    order_id   uuid           not null references reservations (order_id),
    product_id uuid           not null references products (id),
    quantity   integer        not null constraint reservation_lines_quantity_positive check (quantity > 0),
    unit_price numeric(12, 2) not null,
    primary key (order_id, product_id)
);

create index reservation_lines_by_product on reservation_lines (product_id);

-- Events this service has consumed (see the chassis ProcessedEvents): recorded in the same transaction as their effect.
create table processed_events (
    event_id     uuid        primary key,
    processed_at timestamptz not null
);

-- Spring Modulith's event publication registry: the outbox (schema v2 of spring-modulith-events-jdbc 2.0).
create table event_publication (
    id                     uuid                     not null,
    listener_id            text                     not null,
    event_type             text                     not null,
    serialized_event       text                     not null,
    publication_date       timestamp with time zone not null,
    completion_date        timestamp with time zone,
    status                 text,
    completion_attempts    int,
    last_resubmission_date timestamp with time zone,
    primary key (id)
);
create index event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);
