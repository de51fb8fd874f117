-- The admin database: races and what they need, riders' devices, and the audit log.
-- ingest-api reads races (status, fix window) and devices (token hashes) from it.

CREATE TABLE races (
    race_id            text PRIMARY KEY CHECK (race_id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    name               text NOT NULL,
    format             text NOT NULL CHECK (format IN ('MASS_START', 'TIME_TRIAL')),
    laps               integer NOT NULL DEFAULT 1 CHECK (laps BETWEEN 1 AND 200),
    start_time         timestamptz NOT NULL,
    status             text NOT NULL DEFAULT 'DRAFT'
                       CHECK (status IN ('DRAFT', 'SCHEDULED', 'LIVE', 'FINISHED', 'ARCHIVED')),
    -- the course line: a JSON array of [lon, lat] or [lon, lat, elevation]
    course             jsonb,
    course_meters      double precision,
    course_source      text,
    -- the version of the definition last published on race-control (0: never)
    version            bigint NOT NULL DEFAULT 0,
    accept_fixes_from  timestamptz,
    accept_fixes_until timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE checkpoints (
    race_id         text NOT NULL REFERENCES races ON DELETE CASCADE,
    checkpoint_id   text NOT NULL,
    name            text,
    kind            text NOT NULL DEFAULT 'TIMING' CHECK (kind IN ('TIMING', 'SPRINT', 'SUMMIT')),
    distance_meters double precision NOT NULL CHECK (distance_meters > 0),
    PRIMARY KEY (race_id, checkpoint_id)
);

CREATE TABLE climbs (
    race_id      text NOT NULL REFERENCES races ON DELETE CASCADE,
    climb_id     text NOT NULL,
    name         text,
    category     text,
    start_meters double precision NOT NULL,
    end_meters   double precision NOT NULL,
    gain_meters  double precision NOT NULL,
    PRIMARY KEY (race_id, climb_id),
    CHECK (end_meters > start_meters AND gain_meters > 0)
);

CREATE TABLE teams (
    team_id text PRIMARY KEY CHECK (team_id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    name    text NOT NULL
);

CREATE TABLE riders (
    rider_id text PRIMARY KEY CHECK (rider_id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
    name     text NOT NULL,
    team_id  text REFERENCES teams
);

CREATE TABLE registrations (
    race_id         text NOT NULL REFERENCES races ON DELETE CASCADE,
    rider_id        text NOT NULL REFERENCES riders,
    bib             text NOT NULL,
    start_time      timestamptz,
    abandoned_at    timestamptz,
    penalty_seconds bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (race_id, rider_id),
    UNIQUE (race_id, bib)
);

CREATE TABLE devices (
    device_id    uuid PRIMARY KEY,
    race_id      text NOT NULL,
    rider_id     text NOT NULL,
    -- SHA-256 of the credential; the credential itself is shown once and never stored
    token_sha256 char(64) NOT NULL UNIQUE,
    label        text,
    issued_at    timestamptz NOT NULL DEFAULT now(),
    issued_by    text NOT NULL,
    revoked_at   timestamptz,
    revoked_by   text,
    FOREIGN KEY (race_id, rider_id) REFERENCES registrations ON DELETE CASCADE
);

CREATE INDEX devices_by_rider ON devices (race_id, rider_id);

CREATE TABLE audit_log (
    audit_id  bigserial PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text NOT NULL,
    action    text NOT NULL,
    entity    text NOT NULL,
    entity_id text NOT NULL,
    before    jsonb,
    after     jsonb
);

CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, audit_id);
