-- Alert rules and the bulletin's send log (issue 15, "Cảnh báo & bản tin"). Tables only.
--
-- A rule watches some units (unit_ids NULL = every unit) for one condition and names who receives it:
-- recipients are e-mail addresses or "webhook:NAME", NAME being a webhook whose URL is kept in
-- .streamlit/secrets.toml ([webhooks] NAME = "https://…") or $CCHC_WEBHOOK_<NAME> — never in the database,
-- since chat webhooks carry their token in the URL. No SMTP account is stored here either.
CREATE SEQUENCE IF NOT EXISTS alert_rule_seq START 1;
CREATE SEQUENCE IF NOT EXISTS alert_delivery_seq START 1;

CREATE TABLE IF NOT EXISTS alert_rule (
    rule_id      INTEGER PRIMARY KEY DEFAULT nextval('alert_rule_seq'),
    name         VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,    -- on_time_below | online_below_target | overdue_pending_above |
                                      -- not_reported | tasks_due | kpi_below_target
    threshold    DOUBLE,              -- % for on_time_below; dossiers for overdue_pending_above; days for
                                      -- not_reported (after the period's end) and tasks_due; unused otherwise
    unit_ids     INTEGER[],           -- NULL = every unit
    recipients   VARCHAR[] NOT NULL,  -- e-mail addresses and "webhook:NAME"
    active       BOOLEAN NOT NULL DEFAULT true,
    created_at   TIMESTAMP NOT NULL,
    created_by   VARCHAR
);

-- One row per message to one recipient: the bulletin of a period (rule_id NULL: sent to every recipient
-- of every rule once) and what fired in it. Retried with back-off until max attempts; status failed is
-- shown on the page and retried by the next run.
CREATE TABLE IF NOT EXISTS alert_delivery (
    delivery_id  INTEGER PRIMARY KEY DEFAULT nextval('alert_delivery_seq'),
    period_label VARCHAR NOT NULL,
    rule_ids     INTEGER[],           -- the rules that fired and sent to this recipient
    channel      VARCHAR NOT NULL,    -- email | webhook
    recipient    VARCHAR NOT NULL,
    subject      VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,    -- sent | failed
    attempts     INTEGER NOT NULL,
    last_error   VARCHAR,
    first_at     TIMESTAMP NOT NULL,
    last_at      TIMESTAMP NOT NULL,
    next_at      TIMESTAMP            -- when a failed delivery is tried again; NULL when sent or given up
);
