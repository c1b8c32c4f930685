/// <reference path="../data/types.d.ts" />
// Campaigns hand recipients over a page at a time, in id order after the last page. The state index
// (campaign, occurrence, state, message) found them but left them to be sorted: every page sorted every
// recipient still to send (at 100,000 recipients, 200 pages × up to 100,000 rows). This one walks them in
// id order from the cursor and stops at the page's size.
const INDEX = 'CREATE INDEX idx_campaign_recipients_unsent ON campaign_recipients (campaign, occurrence, message, id)';
migrate(
  (app) => {
    const c = app.findCollectionByNameOrId('campaign_recipients');
    c.indexes = c.indexes.concat([INDEX]);
    app.save(c);
  },
  (app) => {
    const c = app.findCollectionByNameOrId('campaign_recipients');
    c.indexes = c.indexes.filter((i) => i.indexOf('idx_campaign_recipients_unsent') === -1);
    app.save(c);
  },
);
