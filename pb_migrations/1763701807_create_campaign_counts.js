/// <reference path="../data/types.d.ts" />
// A campaign's statistics were counted from its recipient rows: a GROUP BY over every row of the occurrence,
// about half a second of the store's CPU at 100,000 recipients, again and again while it sends (bench:campaign).
// The counts are now kept beside the rows by SQLite triggers, in the same transaction as every change of a
// row, whatever path makes it (the hooks' SQL, /api/batch, the record API): reading the statistics of any
// campaign is a lookup of a few rows. The key is exactly what the statistics group by (state, exclusion
// reason, button tapped, replied, still to send).
// A later migration that drops or renames a column named here must recreate the triggers (SQLite refuses to
// drop a column a trigger uses; a rename rewrites them).
const KEY_NEW =
  "NEW.campaign, COALESCE(NEW.occurrence, 0), COALESCE(NEW.state, ''), COALESCE(NEW.excluded_reason, '')," +
  " COALESCE(NEW.button, ''), COALESCE(NEW.replied_at, '') != ''," +
  " COALESCE(NEW.state, '') IN ('queued', 'waiting_limit') AND COALESCE(NEW.message, '') = ''";
const MATCH_OLD =
  "campaign = OLD.campaign AND occurrence = COALESCE(OLD.occurrence, 0) AND state = COALESCE(OLD.state, '')" +
  " AND reason = COALESCE(OLD.excluded_reason, '') AND button = COALESCE(OLD.button, '')" +
  " AND replied = (COALESCE(OLD.replied_at, '') != '')" +
  " AND unsent = (COALESCE(OLD.state, '') IN ('queued', 'waiting_limit') AND COALESCE(OLD.message, '') = '')";
const ADD_NEW =
  'INSERT INTO campaign_counts (campaign, occurrence, state, reason, button, replied, unsent, n) VALUES (' +
  KEY_NEW +
  ', 1) ON CONFLICT (campaign, occurrence, state, reason, button, replied, unsent) DO UPDATE SET n = n + 1;';
const REMOVE_OLD = 'UPDATE campaign_counts SET n = n - 1 WHERE ' + MATCH_OLD + ';';
const UP = [
  'CREATE TABLE campaign_counts (campaign TEXT NOT NULL, occurrence INTEGER NOT NULL, state TEXT NOT NULL,' +
    ' reason TEXT NOT NULL, button TEXT NOT NULL, replied INTEGER NOT NULL, unsent INTEGER NOT NULL,' +
    ' n INTEGER NOT NULL, PRIMARY KEY (campaign, occurrence, state, reason, button, replied, unsent)) WITHOUT ROWID',
  'INSERT INTO campaign_counts (campaign, occurrence, state, reason, button, replied, unsent, n)' +
    " SELECT campaign, COALESCE(occurrence, 0), COALESCE(state, ''), COALESCE(excluded_reason, '')," +
    " COALESCE(button, ''), COALESCE(replied_at, '') != ''," +
    " COALESCE(state, '') IN ('queued', 'waiting_limit') AND COALESCE(message, '') = '', COUNT(*)" +
    ' FROM campaign_recipients GROUP BY 1, 2, 3, 4, 5, 6, 7',
  'CREATE TRIGGER campaign_counts_insert AFTER INSERT ON campaign_recipients BEGIN ' + ADD_NEW + ' END',
  'CREATE TRIGGER campaign_counts_delete AFTER DELETE ON campaign_recipients BEGIN ' + REMOVE_OLD + ' END',
  // only a change of the key moves a count (most updates set timestamps, error texts, retry times)
  'CREATE TRIGGER campaign_counts_update AFTER UPDATE OF campaign, occurrence, state, excluded_reason, button,' +
    ' replied_at, message ON campaign_recipients WHEN OLD.campaign IS NOT NEW.campaign' +
    ' OR OLD.occurrence IS NOT NEW.occurrence OR OLD.state IS NOT NEW.state' +
    ' OR OLD.excluded_reason IS NOT NEW.excluded_reason OR OLD.button IS NOT NEW.button' +
    " OR (COALESCE(OLD.replied_at, '') != '') IS NOT (COALESCE(NEW.replied_at, '') != '')" +
    " OR (COALESCE(OLD.message, '') = '') IS NOT (COALESCE(NEW.message, '') = '')" +
    ' BEGIN ' +
    REMOVE_OLD +
    ' ' +
    ADD_NEW +
    ' END',
];
const DOWN = [
  'DROP TRIGGER IF EXISTS campaign_counts_insert',
  'DROP TRIGGER IF EXISTS campaign_counts_delete',
  'DROP TRIGGER IF EXISTS campaign_counts_update',
  'DROP TABLE IF EXISTS campaign_counts',
];
migrate(
  (app) => {
    for (const sql of UP) app.db().newQuery(sql).execute();
  },
  (app) => {
    for (const sql of DOWN) app.db().newQuery(sql).execute();
  },
);
