-- When the officials neutralised a race (a closed level crossing, a crash blocking the road):
-- until_at is null while it lasts. The tracker gets them in the race's definition.
CREATE TABLE neutralisations (
    race_id  text NOT NULL REFERENCES races ON DELETE CASCADE,
    from_at  timestamptz NOT NULL,
    until_at timestamptz CHECK (until_at IS NULL OR until_at >= from_at),
    PRIMARY KEY (race_id, from_at)
);

-- at most one neutralisation of a race still on
CREATE UNIQUE INDEX neutralisations_one_open ON neutralisations (race_id) WHERE until_at IS NULL;
