-- Portable SQL (SQLite and PostgreSQL alike): ids are made by the application, times are epoch seconds, the upsert
-- in KeyStore uses ON CONFLICT, which both understand.
CREATE TABLE api_keys (
    id                  VARCHAR(40)  NOT NULL PRIMARY KEY,
    name                VARCHAR(200) NOT NULL,
    hash                CHAR(64)     NOT NULL UNIQUE,
    prefix              VARCHAR(20)  NOT NULL,
    created             BIGINT       NOT NULL,
    revoked             BIGINT,
    requests_per_minute INTEGER
);

-- One row per key and hour.
CREATE TABLE key_usage (
    key_id            VARCHAR(40) NOT NULL REFERENCES api_keys (id),
    bucket            BIGINT      NOT NULL,
    requests          BIGINT      NOT NULL,
    prompt_tokens     BIGINT      NOT NULL,
    completion_tokens BIGINT      NOT NULL,
    PRIMARY KEY (key_id, bucket)
);
