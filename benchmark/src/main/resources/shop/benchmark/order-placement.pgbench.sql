-- pgbench script for G4: the SQL that user-service's OrderPlacement.place runs for one accepted order of one line
-- (OrderRequests.insertIfKeyUnused, PurchaseLimit.record, Spring Modulith's event_publication insert), in one
-- transaction as there, then the outbox row's delete after the send to Kafka (completion-mode: delete). Run against a
-- scratch database holding user-service's Flyway migrations. A shopper is one of 100000; the product is fixed.
\set shopper random(1, 100000)
SELECT gen_random_uuid() AS order_id, gen_random_uuid() AS publication_id, md5('shopper' || :shopper)::uuid AS user_id \gset
BEGIN;
INSERT INTO order_requests (order_id, user_id, idempotency_key, request_fingerprint, created_at) VALUES (':order_id', ':user_id', md5(random()::text), md5(random()::text) || md5(random()::text), now()) ON CONFLICT (user_id, idempotency_key) DO NOTHING;
SELECT pg_advisory_xact_lock(:shopper);
SELECT product_id, sum(quantity) AS units FROM order_request_lines WHERE user_id = ':user_id' AND product_id = ANY(ARRAY['6f1c2a7e-0000-4000-8000-000000000001']::uuid[]) AND created_at > now() - interval '24 hours' GROUP BY product_id;
INSERT INTO order_request_lines (order_id, user_id, product_id, quantity, created_at) VALUES (':order_id', ':user_id', '6f1c2a7e-0000-4000-8000-000000000001', 1, now());
INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date, status, completion_attempts) VALUES (':publication_id', 'org.springframework.modulith.events.kafka.KafkaEventExternalizer', 'shop.events.UserPlacedOrder', '{"eventId":"' || gen_random_uuid() || '","orderId":":order_id","userId":":user_id","lines":[{"productId":"6f1c2a7e-0000-4000-8000-000000000001","quantity":1}],"placedAt":"' || now() || '"}', now(), 'PUBLISHED', 1);
COMMIT;
DELETE FROM event_publication WHERE id = ':publication_id';
