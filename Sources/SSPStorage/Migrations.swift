import Foundation
import GRDB

extension AppDatabase {
    /// The schema, one named step per shipped version. Never edit a step once
    /// it has shipped: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-catalogue-directory-tickets") { db in
            try db.execute(
                sql: """
                    -- Instants (*_at, at) are INTEGER milliseconds since 1970-01-01T00:00:00Z, UTC.
                    CREATE TABLE calendar (
                        id TEXT PRIMARY KEY NOT NULL,
                        definition TEXT NOT NULL               -- JSON of SSPCore.BusinessCalendar
                    );
                    CREATE TABLE directorate (
                        code TEXT PRIMARY KEY NOT NULL,
                        calendar_id TEXT NOT NULL REFERENCES calendar(id),
                        definition TEXT NOT NULL               -- JSON of SSPCore.Directorate
                    );
                    CREATE TABLE service (
                        id INTEGER PRIMARY KEY,
                        code TEXT NOT NULL UNIQUE,
                        directorate_code TEXT NOT NULL REFERENCES directorate(code),
                        active INTEGER NOT NULL CHECK (active IN (0, 1)),
                        definition TEXT NOT NULL               -- JSON of SSPCore.Service
                    );
                    CREATE INDEX service_directorate ON service(directorate_code);
                    -- Accent- and case-insensitive search over every language's texts.
                    CREATE VIRTUAL TABLE service_search USING fts5(
                        code, name, description, category,
                        tokenize = 'unicode61 remove_diacritics 2'
                    );

                    CREATE TABLE user (
                        id INTEGER PRIMARY KEY,
                        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                        organisation TEXT NOT NULL,
                        administration TEXT,
                        language TEXT NOT NULL CHECK (language IN ('nl', 'fr', 'en')),
                        is_agent INTEGER NOT NULL DEFAULT 0 CHECK (is_agent IN (0, 1)),
                        is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
                        manager_id INTEGER REFERENCES user(id) CHECK (manager_id IS NULL OR manager_id <> id),
                        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
                    );
                    CREATE INDEX user_manager ON user(manager_id);
                    CREATE TABLE user_directorate (
                        user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        directorate_code TEXT NOT NULL REFERENCES directorate(code),
                        PRIMARY KEY (user_id, directorate_code)
                    ) WITHOUT ROWID;
                    CREATE TABLE api_token (
                        id INTEGER PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES user(id),
                        name TEXT NOT NULL,
                        token_hash TEXT NOT NULL UNIQUE,       -- hex SHA-256 of the secret
                        created_at INTEGER NOT NULL,
                        revoked_at INTEGER
                    );

                    CREATE TABLE ticket_counter (
                        year INTEGER PRIMARY KEY NOT NULL,
                        last INTEGER NOT NULL
                    );
                    CREATE TABLE ticket (
                        id INTEGER PRIMARY KEY,
                        number TEXT NOT NULL UNIQUE,
                        service_code TEXT NOT NULL REFERENCES service(code),
                        directorate_code TEXT NOT NULL REFERENCES directorate(code),
                        requester_id INTEGER NOT NULL REFERENCES user(id),
                        filed_by_id INTEGER NOT NULL REFERENCES user(id),
                        assignee_id INTEGER REFERENCES user(id),
                        channel TEXT NOT NULL CHECK (channel IN ('portal', 'counter', 'phone', 'email', 'api')),
                        subject TEXT NOT NULL,
                        description TEXT NOT NULL,
                        answers TEXT NOT NULL,                 -- JSON object keyed by form-field key
                        impact TEXT NOT NULL CHECK (impact IN ('high', 'medium', 'low')),
                        urgency TEXT NOT NULL CHECK (urgency IN ('high', 'medium', 'low')),
                        priority TEXT NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4', 'P5')),
                        status TEXT NOT NULL CHECK (status IN ('awaiting_approval', 'new', 'assigned', 'in_progress',
                            'waiting_on_requester', 'resolved', 'closed', 'cancelled')),
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        first_responded_at INTEGER,
                        resolved_at INTEGER,
                        closed_at INTEGER,
                        first_response_due_at INTEGER,
                        resolution_due_at INTEGER,
                        first_response_clock TEXT,             -- JSON of SSPCore.SLAClock (business time)
                        resolution_clock TEXT,                 -- JSON of SSPCore.SLAClock
                        sla_check_at INTEGER,                  -- when the SLA scan must next look at the ticket
                        sla_status TEXT CHECK (sla_status IN ('at_risk', 'breached')),
                        CHECK (status <> 'resolved' OR resolved_at IS NOT NULL),
                        CHECK (status NOT IN ('assigned', 'in_progress', 'waiting_on_requester', 'resolved') OR assignee_id IS NOT NULL)
                    );
                    CREATE INDEX ticket_created ON ticket(created_at, id);
                    CREATE INDEX ticket_directorate_status ON ticket(directorate_code, status);
                    CREATE INDEX ticket_requester ON ticket(requester_id);
                    CREATE INDEX ticket_assignee ON ticket(assignee_id);
                    CREATE INDEX ticket_resolved ON ticket(status, resolved_at);
                    CREATE INDEX ticket_sla_check ON ticket(sla_check_at) WHERE sla_check_at IS NOT NULL;
                    CREATE INDEX ticket_queue ON ticket(directorate_code, resolution_due_at, id);

                    CREATE TABLE ticket_comment (
                        id INTEGER PRIMARY KEY,
                        ticket_id INTEGER NOT NULL REFERENCES ticket(id),
                        author_id INTEGER NOT NULL REFERENCES user(id),
                        visibility TEXT NOT NULL CHECK (visibility IN ('reply', 'note')),
                        body TEXT NOT NULL CHECK (length(body) > 0),
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX ticket_comment_ticket ON ticket_comment(ticket_id, id);

                    CREATE TABLE ticket_event (
                        id INTEGER PRIMARY KEY,
                        ticket_id INTEGER NOT NULL REFERENCES ticket(id),
                        actor_id INTEGER REFERENCES user(id),  -- NULL: the system
                        at INTEGER NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('filed', 'status_changed', 'assigned', 'commented', 'priority_changed',
                            'sla_at_risk', 'sla_breached', 'escalated')),
                        from_value TEXT,
                        to_value TEXT,
                        payload TEXT NOT NULL                  -- JSON object, string to string
                    );
                    CREATE INDEX ticket_event_ticket ON ticket_event(ticket_id, id);
                    -- One survey per ticket, whatever happens after (reopen, second resolution).
                    CREATE TABLE survey (
                        id INTEGER PRIMARY KEY,
                        ticket_id INTEGER NOT NULL UNIQUE REFERENCES ticket(id),
                        requester_id INTEGER NOT NULL REFERENCES user(id),
                        state TEXT NOT NULL CHECK (state IN ('invited', 'not_sampled', 'capped')),
                        invited_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        answered_at INTEGER,
                        score INTEGER CHECK (score BETWEEN 1 AND 5),
                        comment TEXT,
                        CHECK ((answered_at IS NULL) = (score IS NULL)),
                        CHECK (answered_at IS NULL OR state = 'invited')
                    );
                    CREATE INDEX survey_requester ON survey(requester_id, invited_at);
                    -- PDCA reviews: one per scope (directorate code or SSP) and period.
                    CREATE TABLE review (
                        id INTEGER PRIMARY KEY,
                        scope TEXT NOT NULL,
                        period_kind TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter', 'year')),
                        period_label TEXT NOT NULL,
                        period_start INTEGER NOT NULL,
                        period_end INTEGER NOT NULL,
                        targets TEXT NOT NULL,                 -- JSON of [SSPCore.Target]
                        status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
                        created_at INTEGER NOT NULL,
                        closed_at INTEGER,
                        UNIQUE (scope, period_label)
                    );
                    CREATE TABLE review_action (
                        id INTEGER PRIMARY KEY,
                        review_id INTEGER NOT NULL REFERENCES review(id),
                        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
                        owner TEXT NOT NULL CHECK (length(trim(owner)) > 0),
                        due_date TEXT NOT NULL,                -- YYYY-MM-DD
                        status TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
                        created_at INTEGER NOT NULL,
                        closed_at INTEGER
                    );
                    CREATE INDEX review_action_review ON review_action(review_id);
                    -- Secrets of this database (the key of survey invitation tokens).
                    CREATE TABLE app_secret (
                        name TEXT PRIMARY KEY NOT NULL,
                        value BLOB NOT NULL
                    );

                    -- The history is append-only.
                    CREATE TRIGGER ticket_event_no_update BEFORE UPDATE ON ticket_event
                        BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END;
                    CREATE TRIGGER ticket_event_no_delete BEFORE DELETE ON ticket_event
                        BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END;
                    """)
            var generator = SystemRandomNumberGenerator()
            let key = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
            try db.execute(sql: "INSERT INTO app_secret(name, value) VALUES ('survey_token_key', ?)", arguments: [key])
        }
        migrator.registerMigration("v2-flex-desks") { db in
            try db.execute(
                sql: """
                    -- Local dates (date, *_date, valid_from) are TEXT YYYY-MM-DD in the building's zone.
                    ALTER TABLE user ADD COLUMN is_facilities INTEGER NOT NULL DEFAULT 0 CHECK (is_facilities IN (0, 1));
                    CREATE TABLE building (
                        code TEXT PRIMARY KEY NOT NULL,
                        definition TEXT NOT NULL               -- JSON of SSPCore.Building (slot times, check-in rules)
                    );
                    CREATE TABLE zone (
                        code TEXT PRIMARY KEY NOT NULL,
                        building_code TEXT NOT NULL REFERENCES building(code),
                        floor INTEGER NOT NULL,
                        administration TEXT                    -- the neighbourhood's administration, NULL when shared
                    );
                    CREATE TABLE desk (
                        id INTEGER PRIMARY KEY,
                        code TEXT NOT NULL UNIQUE,
                        zone_code TEXT NOT NULL REFERENCES zone(code),
                        kind TEXT NOT NULL CHECK (kind IN ('flex', 'fixed', 'accessible')),
                        owner_id INTEGER REFERENCES user(id),
                        equipment TEXT NOT NULL DEFAULT '',    -- ';'-separated tags
                        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
                        CHECK (owner_id IS NULL OR kind = 'fixed')
                    );
                    CREATE INDEX desk_zone ON desk(zone_code, code);
                    CREATE TABLE desk_outage (
                        id INTEGER PRIMARY KEY,
                        desk_id INTEGER NOT NULL REFERENCES desk(id),
                        from_date TEXT NOT NULL,
                        to_date TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        CHECK (from_date <= to_date)
                    );
                    CREATE INDEX desk_outage_desk ON desk_outage(desk_id, from_date);
                    CREATE TABLE booking (
                        id INTEGER PRIMARY KEY,
                        desk_id INTEGER NOT NULL REFERENCES desk(id),
                        user_id INTEGER NOT NULL REFERENCES user(id),
                        date TEXT NOT NULL,
                        slot TEXT NOT NULL CHECK (slot IN ('day', 'morning', 'afternoon')),
                        state TEXT NOT NULL CHECK (state IN ('booked', 'checked_in', 'no_show', 'cancelled')),
                        walk_in INTEGER NOT NULL CHECK (walk_in IN (0, 1)),
                        created_at INTEGER NOT NULL,
                        check_in_opens_at INTEGER NOT NULL,
                        check_in_deadline INTEGER NOT NULL,
                        checked_in_at INTEGER,
                        released_at INTEGER,
                        cancelled_at INTEGER,
                        CHECK ((state = 'checked_in') = (checked_in_at IS NOT NULL)),
                        CHECK ((state = 'no_show') = (released_at IS NOT NULL)),
                        CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL))
                    );
                    -- At most one holding booking per desk and per person for each half-day:
                    -- a full day takes both halves, so it conflicts with either half-day.
                    CREATE UNIQUE INDEX booking_desk_morning ON booking(desk_id, date)
                        WHERE slot IN ('day', 'morning') AND state IN ('booked', 'checked_in');
                    CREATE UNIQUE INDEX booking_desk_afternoon ON booking(desk_id, date)
                        WHERE slot IN ('day', 'afternoon') AND state IN ('booked', 'checked_in');
                    CREATE UNIQUE INDEX booking_person_morning ON booking(user_id, date)
                        WHERE slot IN ('day', 'morning') AND state IN ('booked', 'checked_in');
                    CREATE UNIQUE INDEX booking_person_afternoon ON booking(user_id, date)
                        WHERE slot IN ('day', 'afternoon') AND state IN ('booked', 'checked_in');
                    CREATE INDEX booking_date ON booking(date, desk_id);
                    CREATE INDEX booking_person ON booking(user_id, date);
                    CREATE INDEX booking_release ON booking(check_in_deadline) WHERE state = 'booked';
                    -- "Any free desk" attempts that found none: over-demand, reported as turned away.
                    CREATE TABLE booking_turned_away (
                        id INTEGER PRIMARY KEY,
                        building_code TEXT NOT NULL REFERENCES building(code),
                        zone_code TEXT REFERENCES zone(code),
                        administration TEXT,
                        date TEXT NOT NULL,
                        slot TEXT NOT NULL,
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX booking_turned_away_date ON booking_turned_away(building_code, date);
                    CREATE TABLE head_count (
                        administration TEXT NOT NULL,
                        valid_from TEXT NOT NULL,
                        count INTEGER NOT NULL CHECK (count >= 0),
                        source TEXT NOT NULL CHECK (source IN ('directory', 'facilities')),
                        PRIMARY KEY (administration, valid_from)
                    );
                    -- Opt-in: who sat where is shown to colleagues only for people who chose so.
                    CREATE TABLE presence_sharing (
                        user_id INTEGER PRIMARY KEY NOT NULL REFERENCES user(id),
                        shares INTEGER NOT NULL CHECK (shares IN (0, 1))
                    );
                    """)
        }
        migrator.registerMigration("v3-roles-confidential") { db in
            try db.execute(
                sql: """
                    -- Every role but requester (which everyone holds), one row each (issue 9).
                    CREATE TABLE user_role (
                        user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        role TEXT NOT NULL CHECK (role IN ('agent', 'team_lead', 'counter_clerk', 'quality_officer', 'facilities', 'admin')),
                        PRIMARY KEY (user_id, role)
                    ) WITHOUT ROWID;
                    INSERT INTO user_role(user_id, role)
                        SELECT id, 'agent' FROM user WHERE is_agent = 1
                        UNION ALL SELECT id, 'admin' FROM user WHERE is_admin = 1
                        UNION ALL SELECT id, 'facilities' FROM user WHERE is_facilities = 1;
                    ALTER TABLE user DROP COLUMN is_agent;
                    ALTER TABLE user DROP COLUMN is_admin;
                    ALTER TABLE user DROP COLUMN is_facilities;
                    -- A person is agent of some directorates and team lead of some (not necessarily the same).
                    CREATE TABLE user_directorate_v3 (
                        user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        directorate_code TEXT NOT NULL REFERENCES directorate(code),
                        relation TEXT NOT NULL CHECK (relation IN ('agent', 'team_lead')),
                        PRIMARY KEY (user_id, directorate_code, relation)
                    ) WITHOUT ROWID;
                    INSERT INTO user_directorate_v3 SELECT user_id, directorate_code, 'agent' FROM user_directorate;
                    DROP TABLE user_directorate;
                    ALTER TABLE user_directorate_v3 RENAME TO user_directorate;
                    CREATE INDEX user_directorate_directorate ON user_directorate(directorate_code, relation);
                    -- Confidential services (HR, legal, prevention): their tickets are read by the requester,
                    -- the assignee, the directorate's team leads and administrators only.
                    ALTER TABLE service ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1));
                    UPDATE service SET definition = json_set(definition, '$.confidential', json('false'));
                    ALTER TABLE ticket ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1));
                    """)
        }
        migrator.registerMigration("v4-approvals") { db in
            try db.execute(
                sql: """
                    -- Who decides a pending approval: set at filing (the line manager, or the first active one up
                    -- the chain, or the administration's fallback approver) and moved when that person leaves.
                    ALTER TABLE ticket ADD COLUMN approver_id INTEGER REFERENCES user(id);
                    UPDATE ticket SET approver_id = (SELECT manager_id FROM user WHERE user.id = ticket.requester_id)
                        WHERE status = 'awaiting_approval';
                    CREATE INDEX ticket_approver ON ticket(approver_id) WHERE status = 'awaiting_approval';
                    -- One fallback approver per administration, for requesters whose managers are all gone.
                    CREATE TABLE approval_fallback (
                        administration TEXT PRIMARY KEY NOT NULL,
                        user_id INTEGER NOT NULL REFERENCES user(id)
                    ) WITHOUT ROWID;
                    -- A line manager's approvals go to a delegate from one Brussels date to another (inclusive).
                    CREATE TABLE approval_delegation (
                        id INTEGER PRIMARY KEY,
                        manager_id INTEGER NOT NULL REFERENCES user(id),
                        delegate_id INTEGER NOT NULL REFERENCES user(id),
                        starts_on TEXT NOT NULL CHECK (date(starts_on) = starts_on),
                        ends_on TEXT NOT NULL CHECK (date(ends_on) = ends_on),
                        created_at INTEGER NOT NULL,
                        CHECK (manager_id <> delegate_id),
                        CHECK (ends_on >= starts_on)
                    );
                    CREATE INDEX approval_delegation_manager ON approval_delegation(manager_id, starts_on);
                    CREATE INDEX approval_delegation_delegate ON approval_delegation(delegate_id, starts_on);
                    -- At most one delegate per manager on any day: two periods of one manager never overlap.
                    CREATE TRIGGER approval_delegation_no_overlap BEFORE INSERT ON approval_delegation
                    WHEN EXISTS (SELECT 1 FROM approval_delegation d WHERE d.manager_id = NEW.manager_id
                                 AND d.starts_on <= NEW.ends_on AND NEW.starts_on <= d.ends_on)
                    BEGIN SELECT RAISE(ABORT, 'approval_delegation_overlap'); END;
                    -- The event log learns 'approver_changed' (a CHECK cannot be altered: the table is rebuilt).
                    CREATE TABLE ticket_event_v4 (
                        id INTEGER PRIMARY KEY,
                        ticket_id INTEGER NOT NULL REFERENCES ticket(id),
                        actor_id INTEGER REFERENCES user(id),  -- NULL: the system
                        at INTEGER NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('filed', 'status_changed', 'assigned', 'commented', 'priority_changed',
                            'sla_at_risk', 'sla_breached', 'escalated', 'approver_changed')),
                        from_value TEXT,
                        to_value TEXT,
                        payload TEXT NOT NULL                  -- JSON object, string to string
                    );
                    INSERT INTO ticket_event_v4 SELECT id, ticket_id, actor_id, at, kind, from_value, to_value, payload FROM ticket_event;
                    DROP TRIGGER ticket_event_no_update;
                    DROP TRIGGER ticket_event_no_delete;
                    DROP TABLE ticket_event;
                    ALTER TABLE ticket_event_v4 RENAME TO ticket_event;
                    CREATE INDEX ticket_event_ticket ON ticket_event(ticket_id, id);
                    CREATE TRIGGER ticket_event_no_update BEFORE UPDATE ON ticket_event
                        BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END;
                    CREATE TRIGGER ticket_event_no_delete BEFORE DELETE ON ticket_event
                        BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END;
                    """)
        }
        migrator.registerMigration("v5-portal-sessions") { db in
            try db.execute(
                sql: """
                    -- Local accounts (issue 10): a bcrypt hash; NULL until a password is set.
                    ALTER TABLE user ADD COLUMN password_hash TEXT;
                    -- Portal sessions, shared by every instance; the cookie's secret only as SHA-256.
                    CREATE TABLE web_session (
                        id INTEGER PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES user(id),
                        secret_hash TEXT NOT NULL UNIQUE,
                        csrf_token TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        last_seen_at INTEGER NOT NULL,
                        ended_at INTEGER
                    );
                    CREATE INDEX web_session_user ON web_session(user_id) WHERE ended_at IS NULL;
                    -- First-password links: one use, a week; the secret only as SHA-256.
                    CREATE TABLE password_invitation (
                        secret_hash TEXT PRIMARY KEY NOT NULL,
                        user_id INTEGER NOT NULL REFERENCES user(id),
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        used_at INTEGER
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v6-catalogue-search") { db in
            try db.execute(
                sql: """
                    -- The search index is built in memory by SSPCore (Snowball stems, BM25F; issue 11):
                    -- the FTS5 table of v1 is no longer read.
                    DROP TABLE service_search;
                    -- Stored definitions get the two new fields of Service with their defaults.
                    UPDATE service SET definition = json_set(definition, '$.general', json('false'),
                        '$.keywords', json('{"nl":[],"fr":[],"en":[]}'));
                    -- At most one active general service per directorate, offered when a search finds nothing.
                    ALTER TABLE service ADD COLUMN general INTEGER NOT NULL DEFAULT 0 CHECK (general IN (0, 1));
                    CREATE UNIQUE INDEX service_one_general ON service(directorate_code) WHERE general = 1 AND active = 1;
                    -- Bumped by every import that changes something, so each instance knows when to rebuild its index.
                    CREATE TABLE catalogue_revision (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        revision INTEGER NOT NULL
                    );
                    INSERT INTO catalogue_revision(id, revision) VALUES (1, 1);
                    -- The SSP counter (Catalog/counter.yaml): one row at most.
                    CREATE TABLE service_counter (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        definition TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v7-queue-indexes") { db in
            try db.execute(
                sql: """
                    -- The agent queue (issue 12): a directorate's open tickets, what is due first (no due instant
                    -- last), 50 at a time. A partial index on the sort expression itself, so that the page is the
                    -- index's first rows: ticket_queue sorted resolution_due_at, which the query's coalesce() cannot use.
                    DROP INDEX ticket_queue;
                    CREATE INDEX ticket_open_due ON ticket(directorate_code, coalesce(resolution_due_at, 9223372036854775807), id)
                        WHERE status IN ('awaiting_approval', 'new', 'assigned', 'in_progress', 'waiting_on_requester');
                    -- "My requests", newest first, read in order instead of sorting all of a person's tickets.
                    DROP INDEX ticket_requester;
                    CREATE INDEX ticket_requester ON ticket(requester_id, created_at, id);
                    -- The PDCA review's counts of a directorate and period (ReviewStore.ticketCounts): filed, and
                    -- finished (resolved, or cancelled or closed) before an instant, each an index range.
                    CREATE INDEX ticket_directorate_created ON ticket(directorate_code, created_at);
                    -- The survey records of a period (CSAT, reviews) start from the tickets resolved in it.
                    CREATE INDEX ticket_directorate_resolved ON ticket(directorate_code, resolved_at) WHERE resolved_at IS NOT NULL;
                    CREATE INDEX ticket_directorate_finished ON ticket(directorate_code,
                        min(coalesce(resolved_at, 9223372036854775807),
                            CASE WHEN status IN ('cancelled', 'closed') THEN coalesce(closed_at, 9223372036854775807) ELSE 9223372036854775807 END));
                    """)
        }
        migrator.registerMigration("v8-sla-facts") { db in
            try db.execute(
                sql: """
                    -- The SLA compliance report and the PDCA review read one year of resolutions (10^6 rows at
                    -- 1M tickets, issue 12): their facts as columns, so that one covering index answers them.
                    -- The business minutes each clock accrued in its ended segments (for a resolved ticket: what
                    -- it used) and the resolution target, written by TicketRecord with the clocks themselves.
                    -- (Generated columns would compute them, but SQLite 3.40 never reads an index of generated
                    -- columns alone, and reading each row from the table is what made the report slow.)
                    ALTER TABLE ticket ADD COLUMN first_response_minutes INTEGER;
                    ALTER TABLE ticket ADD COLUMN resolution_minutes INTEGER;
                    ALTER TABLE ticket ADD COLUMN resolution_target_minutes INTEGER;
                    UPDATE ticket SET
                        first_response_minutes = CAST(json_extract(first_response_clock, '$.accruedSeconds') / 60 AS INTEGER),
                        resolution_minutes = CAST(json_extract(resolution_clock, '$.accruedSeconds') / 60 AS INTEGER),
                        resolution_target_minutes = json_extract(resolution_clock, '$.targetMinutes');
                    -- Reopened at least once: a status change from resolved back to in progress in its history,
                    -- kept by a trigger on the events (whichever way they are written) instead of a per-row EXISTS.
                    ALTER TABLE ticket ADD COLUMN reopened INTEGER NOT NULL DEFAULT 0 CHECK (reopened IN (0, 1));
                    UPDATE ticket SET reopened = 1 WHERE id IN (
                        SELECT ticket_id FROM ticket_event WHERE kind = 'status_changed' AND from_value = 'resolved' AND to_value = 'in_progress');
                    CREATE TRIGGER ticket_event_reopened AFTER INSERT ON ticket_event
                        WHEN NEW.kind = 'status_changed' AND NEW.from_value = 'resolved' AND NEW.to_value = 'in_progress'
                        BEGIN UPDATE ticket SET reopened = 1 WHERE id = NEW.ticket_id AND reopened = 0; END;
                    -- Every column the report reads, so that SQLite never visits the table (a query term on a
                    -- column outside the index, even one the index's WHERE implies, would make it read each row).
                    CREATE INDEX ticket_sla_facts ON ticket(resolved_at, status, directorate_code, service_code, priority,
                        first_response_minutes, resolution_minutes, resolution_target_minutes, reopened)
                        WHERE resolved_at IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v9-ticket-search") { db in
            // The statements of every trigger below: the document of ticket `id` into the index (every
            // ticket for nil), and out of it (FTS5's 'delete' repeats the values that were indexed).
            let columns = "scope, number, subject, body, replies, notes"
            func index(_ id: String?) -> String {
                "INSERT INTO ticket_search(rowid, \(columns)) SELECT id, \(columns) FROM ticket_search_document\(id.map { " WHERE id = \($0)" } ?? "");"
            }
            func unindex(_ id: String) -> String {
                "INSERT INTO ticket_search(ticket_search, rowid, \(columns)) SELECT 'delete', id, \(columns) FROM ticket_search_document WHERE id = \(id);"
            }
            // A ticket whose document changes: a searched column or a scope token.
            let edited = ["number", "subject", "description", "answers", "directorate_code", "requester_id", "filed_by_id"]
                .map { "OLD.\($0) IS NOT NEW.\($0)" }.joined(separator: " OR ")
            try db.execute(
                sql: """
                    -- Ticket search (issues 12 and 13): one full-text document per ticket, kept by triggers whichever
                    -- way tickets and comments are written (use cases, bulk load). The document's columns:
                    --   scope    tokens of the relations the access table reads by (AppDatabase.searchScopeTokens):
                    --            dir<directorate>, req<requester id>, fil<filer id>, so that a search within what a
                    --            person may read is one index intersection instead of a check of every match;
                    --   number, subject, body (description and the form's text and number answers),
                    --   replies (public comments, oldest first) and notes (internal notes, oldest first).
                    -- group_concat follows ticket_comment_ticket (ticket_id, id): the order must stay the same
                    -- between a document's insertion and its 'delete', which must repeat the same values.
                    CREATE VIEW ticket_search_document AS
                        SELECT t.id AS id,
                            'dir' || t.directorate_code || ' req' || t.requester_id || ' fil' || t.filed_by_id AS scope,
                            t.number AS number, t.subject AS subject,
                            t.description || coalesce(' ' || (SELECT group_concat(value, ' ') FROM json_each(t.answers)
                                WHERE type IN ('text', 'integer', 'real')), '') AS body,
                            coalesce((SELECT group_concat(body, ' ') FROM ticket_comment c
                                WHERE c.ticket_id = t.id AND c.visibility = 'reply'), '') AS replies,
                            coalesce((SELECT group_concat(body, ' ') FROM ticket_comment c
                                WHERE c.ticket_id = t.id AND c.visibility = 'note'), '') AS notes
                        FROM ticket t;
                    -- Contentless: the text stays in ticket and ticket_comment; the index holds only tokens (about
                    -- 120 bytes per ticket at 10^6). unicode61 folds case, remove_diacritics 2 folds accents.
                    CREATE VIRTUAL TABLE ticket_search USING fts5(scope, number, subject, body, replies, notes,
                        content = '', tokenize = 'unicode61 remove_diacritics 2');
                    \(index(nil))
                    CREATE TRIGGER ticket_search_filed AFTER INSERT ON ticket BEGIN \(index("NEW.id")) END;
                    CREATE TRIGGER ticket_search_before_edit BEFORE UPDATE ON ticket WHEN \(edited) BEGIN \(unindex("OLD.id")) END;
                    CREATE TRIGGER ticket_search_after_edit AFTER UPDATE ON ticket WHEN \(edited) BEGIN \(index("NEW.id")) END;
                    CREATE TRIGGER ticket_search_erased BEFORE DELETE ON ticket BEGIN \(unindex("OLD.id")) END;
                    -- A comment rewrites its ticket's document: the old one out before, the new one in after. (A
                    -- comment written before its ticket, as the bulk load does, finds no document: the ticket's
                    -- own trigger then indexes it with its comments. No use case edits a comment.)
                    CREATE TRIGGER ticket_search_before_comment BEFORE INSERT ON ticket_comment BEGIN \(unindex("NEW.ticket_id")) END;
                    CREATE TRIGGER ticket_search_after_comment AFTER INSERT ON ticket_comment BEGIN \(index("NEW.ticket_id")) END;
                    CREATE TRIGGER ticket_search_before_uncomment BEFORE DELETE ON ticket_comment BEGIN \(unindex("OLD.ticket_id")) END;
                    CREATE TRIGGER ticket_search_after_uncomment AFTER DELETE ON ticket_comment BEGIN \(index("OLD.ticket_id")) END;
                    """)
        }
        migrator.registerMigration("v10-ticket-submissions") { db in
            try db.execute(
                sql: """
                    -- One ticket per filer and submission key (FileTicketRequest.submissionKey): a refreshed counter
                    -- receipt or a double click on a form files nothing more.
                    CREATE TABLE ticket_submission (
                        filer_id INTEGER NOT NULL REFERENCES user(id),
                        key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
                        ticket_id INTEGER NOT NULL UNIQUE REFERENCES ticket(id),
                        created_at INTEGER NOT NULL,
                        PRIMARY KEY (filer_id, key)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v11-canned-replies") { db in
            try db.execute(
                sql: """
                    -- A directorate's reply texts (CannedReply), in nl and fr, en optional; the key is unique per directorate.
                    CREATE TABLE canned_reply (
                        id INTEGER PRIMARY KEY,
                        directorate_code TEXT NOT NULL,
                        key TEXT NOT NULL CHECK (length(key) BETWEEN 2 AND 40),
                        title_nl TEXT NOT NULL CHECK (title_nl <> ''),
                        title_fr TEXT NOT NULL CHECK (title_fr <> ''),
                        title_en TEXT,
                        body_nl TEXT NOT NULL CHECK (body_nl <> ''),
                        body_fr TEXT NOT NULL CHECK (body_fr <> ''),
                        body_en TEXT,
                        updated_at INTEGER NOT NULL,
                        UNIQUE (directorate_code, key)
                    );
                    """)
        }
        migrator.registerMigration("v12-ticket-watchers") { db in
            // The search documents carry one more scope token, wat<user id> per watcher (AppDatabase.searchScopeTokens):
            // the view gains it, and a watcher added or removed rewrites the ticket's document as a comment does.
            // Tickets without watchers keep the document they had, so nothing is reindexed.
            let columns = "scope, number, subject, body, replies, notes"
            func index(_ id: String) -> String {
                "INSERT INTO ticket_search(rowid, \(columns)) SELECT id, \(columns) FROM ticket_search_document WHERE id = \(id);"
            }
            func unindex(_ id: String) -> String {
                "INSERT INTO ticket_search(ticket_search, rowid, \(columns)) SELECT 'delete', id, \(columns) FROM ticket_search_document WHERE id = \(id);"
            }
            try db.execute(
                sql: """
                    -- The colleagues a requester added to follow a ticket (issue 13); one row per ticket and person.
                    CREATE TABLE ticket_watcher (
                        ticket_id INTEGER NOT NULL REFERENCES ticket(id),
                        user_id INTEGER NOT NULL REFERENCES user(id),
                        added_by INTEGER NOT NULL REFERENCES user(id),
                        added_at INTEGER NOT NULL,
                        PRIMARY KEY (ticket_id, user_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX ticket_watcher_user ON ticket_watcher(user_id, ticket_id);
                    DROP VIEW ticket_search_document;
                    CREATE VIEW ticket_search_document AS
                        SELECT t.id AS id,
                            'dir' || t.directorate_code || ' req' || t.requester_id || ' fil' || t.filed_by_id
                                || coalesce((SELECT ' wat' || group_concat(w.user_id, ' wat') FROM ticket_watcher w WHERE w.ticket_id = t.id), '') AS scope,
                            t.number AS number, t.subject AS subject,
                            t.description || coalesce(' ' || (SELECT group_concat(value, ' ') FROM json_each(t.answers)
                                WHERE type IN ('text', 'integer', 'real')), '') AS body,
                            coalesce((SELECT group_concat(body, ' ') FROM ticket_comment c
                                WHERE c.ticket_id = t.id AND c.visibility = 'reply'), '') AS replies,
                            coalesce((SELECT group_concat(body, ' ') FROM ticket_comment c
                                WHERE c.ticket_id = t.id AND c.visibility = 'note'), '') AS notes
                        FROM ticket t;
                    CREATE TRIGGER ticket_search_before_watch BEFORE INSERT ON ticket_watcher BEGIN \(unindex("NEW.ticket_id")) END;
                    CREATE TRIGGER ticket_search_after_watch AFTER INSERT ON ticket_watcher BEGIN \(index("NEW.ticket_id")) END;
                    CREATE TRIGGER ticket_search_before_unwatch BEFORE DELETE ON ticket_watcher BEGIN \(unindex("OLD.ticket_id")) END;
                    CREATE TRIGGER ticket_search_after_unwatch AFTER DELETE ON ticket_watcher BEGIN \(index("OLD.ticket_id")) END;
                    """)
        }
        migrator.registerMigration("v13-sla-breach-verdict") { db in
            try db.execute(
                sql: """
                    -- One definition of a breach (issue 14): the report compared truncated minutes with the
                    -- target and called 68 s of a 60 s target met while the clock said breached. The clock's
                    -- verdict (SLAClock.isOverTarget on the seconds it accrued) is stored beside the minutes,
                    -- and the report's covering index carries it.
                    ALTER TABLE ticket ADD COLUMN resolution_breached INTEGER CHECK (resolution_breached IN (0, 1));
                    UPDATE ticket SET resolution_breached =
                        json_extract(resolution_clock, '$.accruedSeconds') > json_extract(resolution_clock, '$.targetMinutes') * 60
                        WHERE resolution_clock IS NOT NULL;
                    DROP INDEX ticket_sla_facts;
                    CREATE INDEX ticket_sla_facts ON ticket(resolved_at, status, directorate_code, service_code, priority,
                        first_response_minutes, resolution_minutes, resolution_target_minutes, reopened, resolution_breached)
                        WHERE resolved_at IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v14-idempotency-keys") { db in
            try db.execute(
                sql: """
                    -- The API's Idempotency-Key (issue 14): one entry per person and key, in flight until the
                    -- answer is kept (state 'done' with status, headers and body), forgotten at expires_at.
                    CREATE TABLE idempotency_key (
                        user_id INTEGER NOT NULL REFERENCES user(id),
                        key TEXT NOT NULL,
                        fingerprint TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
                        started_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        status INTEGER,
                        headers TEXT,                           -- JSON object, header name to value
                        body BLOB,
                        CHECK ((state = 'done') = (status IS NOT NULL)),
                        PRIMARY KEY (user_id, key)
                    ) WITHOUT ROWID;
                    CREATE INDEX idempotency_key_expiry ON idempotency_key(expires_at);
                    """)
        }
        return migrator
    }
}
