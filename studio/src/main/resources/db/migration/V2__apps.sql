-- Studio Apps (portable SQL, as V1): a saved prompt's immutable versions, the labels that point at them, and the
-- evaluations of a version. A version's spec and an evaluation's results are JSON text.
CREATE TABLE apps (
    name    VARCHAR(64) NOT NULL PRIMARY KEY,
    created BIGINT      NOT NULL
);

-- Never updated: a save adds the next version.
CREATE TABLE app_versions (
    app     VARCHAR(64) NOT NULL REFERENCES apps (name),
    version INTEGER     NOT NULL,
    created BIGINT      NOT NULL,
    spec    TEXT        NOT NULL,
    PRIMARY KEY (app, version)
);

-- previous: the version the label pointed at before its last move, where a rollback takes it.
CREATE TABLE app_labels (
    app      VARCHAR(64) NOT NULL REFERENCES apps (name),
    label    VARCHAR(64) NOT NULL,
    version  INTEGER     NOT NULL,
    previous INTEGER,
    updated  BIGINT      NOT NULL,
    PRIMARY KEY (app, label)
);

CREATE TABLE app_evaluations (
    id       VARCHAR(40)  NOT NULL PRIMARY KEY,
    app      VARCHAR(64)  NOT NULL REFERENCES apps (name),
    version  INTEGER      NOT NULL,
    created  BIGINT       NOT NULL,
    test_set VARCHAR(200) NOT NULL,
    metrics  TEXT         NOT NULL,
    results  TEXT         NOT NULL
);
