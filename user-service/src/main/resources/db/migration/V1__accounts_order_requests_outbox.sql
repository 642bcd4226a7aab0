-- Accounts. The e-mail keeps the spelling the user chose; uniqueness ignores case.
CREATE TABLE users (
    id            UUID         PRIMARY KEY,
    email         VARCHAR(254) NOT NULL,
    password_hash VARCHAR(200) NOT NULL,
    name          VARCHAR(100) NOT NULL,
    roles         TEXT[]       NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL
);
CREATE UNIQUE INDEX users_email_lower_uq ON users (lower(email));

-- One row per accepted order request. The (user_id, idempotency_key) constraint is what makes a retried request
-- with the same key return the same order, even when the two requests race; NULL keys never collide.
CREATE TABLE order_requests (
    order_id            UUID         PRIMARY KEY,
    user_id             UUID         NOT NULL,
    idempotency_key     VARCHAR(100),
    request_fingerprint VARCHAR(64)  NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    CONSTRAINT order_requests_user_key_uq UNIQUE (user_id, idempotency_key)
);

-- The outbox: Spring Modulith's JDBC event publication registry (spring-modulith-events-jdbc 2.0.3,
-- org/springframework/modulith/events/jdbc/schemas/v2/schema-postgresql.sql, without the archive table that only
-- completion-mode=archive uses). Modulith's own schema initialization is switched off.
CREATE TABLE IF NOT EXISTS event_publication
(
  id                     UUID NOT NULL,
  listener_id            TEXT NOT NULL,
  event_type             TEXT NOT NULL,
  serialized_event       TEXT NOT NULL,
  publication_date       TIMESTAMP WITH TIME ZONE NOT NULL,
  completion_date        TIMESTAMP WITH TIME ZONE,
  status                 TEXT,
  completion_attempts    INT,
  last_resubmission_date TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS event_publication_serialized_event_hash_idx ON event_publication USING hash(serialized_event);
CREATE INDEX IF NOT EXISTS event_publication_by_completion_date_idx ON event_publication (completion_date);
