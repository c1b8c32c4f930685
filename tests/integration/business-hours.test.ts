/**
 * /api/v1/business-hours through the real server: the issue's body as written, the state "now" on the
 * server's clock, clear validation errors, per-number hours falling back to the global ones, national
 * holiday presets, roles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../api/src/engine/scheduler/clock.ts';
import { api, createUser, login, startTestServer, type TestServer } from '../setup/harness.ts';

const ISSUE_BODY =
  JSON.parse(`{"timezone":"Europe/Rome","weekly":{"mon":[["09:00","13:00"],["14:30","18:00"]],"tue":[["09:00","18:00"]],
"sat":[["22:00","02:00"]]},"holidays":[{"date":"2026-12-25","name":"Natale"},{"from":"2026-08-10","to":"2026-08-20","name":"Ferie"}]}`);

let s: TestServer;
let admin: string;
let numberId: string;
const clock = new ManualClock('2026-01-05T09:30:00Z'); // Monday 10:30 in Rome

beforeAll(async () => {
  s = await startTestServer({ clock });
  admin = await login(s);
  numberId = (await s.ctx.pb.collection('wa_numbers').getFirstListItem<{ id: string }>('')).id;
});
afterAll(async () => {
  await s?.stop();
});

describe('business hours API', () => {
  it('starts unconfigured, in the default zone', async () => {
    const r = await api(s, admin, 'GET', '/api/v1/business-hours');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      configured: false,
      scope: 'global',
      timezone: 'Europe/Rome',
      weekly: {},
      holidays: [],
    });
  });

  it('takes the issue body as written and answers the state now', async () => {
    const put = await api(s, admin, 'PUT', '/api/v1/business-hours', ISSUE_BODY);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ...ISSUE_BODY, national_holidays: null, configured: true, scope: 'global' });
    expect(put.body.status).toEqual({
      open: true,
      holiday: null,
      next: { at: '2026-01-05T12:00:00.000Z', open: false },
    });
    const operator = await createUser(s, 'operator');
    const got = await api(s, operator.token, 'GET', '/api/v1/business-hours');
    expect(got.body).toMatchObject(ISSUE_BODY);
    clock.set('2026-01-05T12:15:00Z'); // lunch break
    expect((await api(s, operator.token, 'GET', '/api/v1/business-hours/status')).body).toEqual({
      configured: true,
      timezone: 'Europe/Rome',
      open: false,
      holiday: null,
      next: { at: '2026-01-05T13:30:00.000Z', open: true },
    });
    clock.set('2026-08-12T08:00:00Z');
    expect((await api(s, operator.token, 'GET', '/api/v1/business-hours/status')).body).toMatchObject({
      open: false,
      holiday: 'Ferie',
    });
    // a GET answer sent back as it is (read-only fields included) is accepted
    expect((await api(s, admin, 'PUT', '/api/v1/business-hours', got.body)).status).toBe(200);
  });

  it('only admins change hours', async () => {
    for (const role of ['manager', 'operator', 'viewer'] as const) {
      const u = await createUser(s, role);
      const r = await api(s, u.token, 'PUT', '/api/v1/business-hours', ISSUE_BODY);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
  });

  it.each([
    [
      'overlapping ranges',
      {
        weekly: {
          mon: [
            ['09:00', '13:00'],
            ['12:00', '18:00'],
          ],
        },
      },
      'weekly: mon 09:00–13:00 overlaps mon 12:00–18:00',
    ],
    [
      'a night range running into the next day',
      { weekly: { sat: [['22:00', '02:00']], sun: [['01:00', '03:00']] } },
      'weekly: sat 22:00–02:00 overlaps sun 01:00–03:00',
    ],
    [
      'a time that is not HH:MM',
      { weekly: { mon: [['9:00', '13:00']] } },
      'weekly.mon.0.0: a time is HH:MM (00:00–23:59; 24:00 may end a range)',
    ],
    [
      'an unknown zone',
      { timezone: 'Europe/Milano' },
      'timezone: "Europe/Milano" is not an IANA time zone (e.g. Europe/Rome)',
    ],
    ['an unknown weekday', { weekly: { monday: [['09:00', '10:00']] } }, 'weekly'],
    ['an unknown preset', { national_holidays: 'XX' }, 'national_holidays: no national holidays known for XX'],
    [
      'a holiday range backwards',
      { holidays: [{ from: '2026-08-20', to: '2026-08-10' }] },
      'holidays.0: the range ends (2026-08-10) before it starts (2026-08-20)',
    ],
  ])('refuses %s with a clear message and keeps what was saved', async (_label, patch, message) => {
    const r = await api(s, admin, 'PUT', '/api/v1/business-hours', { ...ISSUE_BODY, ...patch });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.message).toContain(message);
    expect((await api(s, admin, 'GET', '/api/v1/business-hours')).body).toMatchObject(ISSUE_BODY);
  });

  it('refuses a body above 64 KB', async () => {
    const holidays = Array.from({ length: 2000 }, (_, i) => ({
      date: '2026-01-01',
      name: `holiday number ${i} with a long name`,
    }));
    const r = await api(s, admin, 'PUT', '/api/v1/business-hours', { ...ISSUE_BODY, holidays });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
  });

  it('a number has its own hours, or follows the global ones', async () => {
    const q = `/api/v1/business-hours?number=${numberId}`;
    expect((await api(s, admin, 'GET', q)).body).toMatchObject({ scope: 'global', number: numberId, ...ISSUE_BODY });
    const own = { timezone: 'Europe/London', weekly: { wed: [['08:00', '12:00']] }, holidays: [] };
    expect((await api(s, admin, 'PUT', q, own)).body).toMatchObject({ scope: 'number', ...own });
    expect((await api(s, admin, 'GET', q)).body).toMatchObject({ scope: 'number', timezone: 'Europe/London' });
    expect((await api(s, admin, 'GET', '/api/v1/business-hours')).body).toMatchObject({
      scope: 'global',
      timezone: 'Europe/Rome',
    });
    expect((await api(s, admin, 'DELETE', q)).body).toMatchObject({ scope: 'global', timezone: 'Europe/Rome' });
    expect((await api(s, admin, 'GET', '/api/v1/business-hours?number=aaaaaaaaaaaaaaa')).status).toBe(404);
  });

  it('removing the global hours leaves none set', async () => {
    const before = (await api(s, admin, 'GET', '/api/v1/business-hours')).body;
    expect((await api(s, admin, 'DELETE', '/api/v1/business-hours')).body).toMatchObject({
      configured: false,
      weekly: {},
    });
    expect((await api(s, admin, 'GET', '/api/v1/business-hours/status')).body).toMatchObject({ configured: false });
    expect((await api(s, admin, 'PUT', '/api/v1/business-hours', before)).status).toBe(200);
  });

  it('adds national holidays from a preset', async () => {
    const r = await api(s, admin, 'PUT', '/api/v1/business-hours', { ...ISSUE_BODY, national_holidays: 'IT' });
    expect(r.status).toBe(200);
    expect(r.body.preset_holidays).toContainEqual({ date: '2026-04-06', name: 'Lunedì dell’Angelo' });
    clock.set('2026-04-06T08:00:00Z'); // Easter Monday, 10:00 in Rome
    expect((await api(s, admin, 'GET', '/api/v1/business-hours/status')).body).toMatchObject({
      open: false,
      holiday: 'Lunedì dell’Angelo',
    });
    const countries = (await api(s, admin, 'GET', '/api/v1/business-hours/presets')).body.countries as Array<{
      code: string;
    }>;
    expect(countries.map((c) => c.code)).toEqual(expect.arrayContaining(['IT', 'GB', 'FR', 'ES', 'DE']));
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths['/v1/business-hours'] ?? {})).toEqual(
      expect.arrayContaining(['get', 'put', 'delete']),
    );
    expect(doc.paths['/v1/business-hours/status']).toBeDefined();
  });
});
