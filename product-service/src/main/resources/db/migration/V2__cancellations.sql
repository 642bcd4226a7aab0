-- When a reservation's units went back to the products (status RELEASED).
alter table reservations add column released_at timestamptz;

alter table reservations add constraint reservations_released_at
    check ((status = 'RELEASED') = (released_at is not null));

-- Every order cancellation received, once per order. A cancellation can overtake its order's placement (two topics,
-- consumed independently): the placement then finds the order here and reserves nothing.
create table cancellations (
    order_id     uuid primary key,
    event_id     uuid        not null,
    reason       varchar(64) not null,
    cancelled_at timestamptz not null,
    received_at  timestamptz not null
);
