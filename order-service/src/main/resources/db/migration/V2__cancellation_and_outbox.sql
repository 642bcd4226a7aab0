-- Orders can be CANCELLED, from PENDING or from CONFIRMED (a confirmed order keeps its prices and total). The checks
-- of V1 are replaced by name-independent ones: PostgreSQL named them itself.
do $$
declare
    constraint_name text;
begin
    for constraint_name in
        select conname from pg_constraint
        where conrelid = 'orders'::regclass and contype = 'c'
    loop
        execute format('alter table orders drop constraint %I', constraint_name);
    end loop;
end
$$;

alter table orders
    add constraint orders_status check (status in ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED')),
    add constraint orders_total_not_negative check (total >= 0),
    add constraint orders_confirmed_priced check (status <> 'CONFIRMED' or (total is not null and currency is not null)),
    add constraint orders_total_with_currency check ((total is null) = (currency is null)),
    add constraint orders_rejected_with_reason check ((status = 'REJECTED') = (rejection_reason is not null));

-- Spring Modulith's event publication registry: the outbox of OrderCancelled (schema v2 of
-- spring-modulith-events-jdbc 2.0).
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
