/// <reference path="../data/types.d.ts" />
// Keeps the realtime hub's subscription alive (realtime/src/hub): PocketBase closes a realtime connection
// that received nothing for 5 minutes, and the hub must then make every browser reconnect and resync.
// The hub calls this every minute; it sends `spunta_ping` to the superuser subscribers of that topic.
// Superuser only, never proxied. Answers { sent }.
routerAdd(
  'POST',
  '/api/spunta/realtime-ping',
  (e) => {
    const topic = 'spunta_ping';
    let sent = 0;
    for (const chunk of e.app.subscriptionsBroker().chunkedClients(500)) {
      for (const c of chunk) {
        if (!c.hasSubscription(topic)) continue;
        const auth = c.get('auth');
        if (!auth || !auth.isSuperuser()) continue;
        c.send(new SubscriptionMessage({ name: topic, data: '{}' }));
        sent++;
      }
    }
    return e.json(200, { sent: sent });
  },
  $apis.requireSuperuserAuth(),
);
