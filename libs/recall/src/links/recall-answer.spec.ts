import { parseRecallAnswer } from './recall-answer';

describe('parseRecallAnswer', () => {
  describe('JSON', () => {
    it('accepts attending with or without an ETA, and unavailable', () => {
      expect(parseRecallAnswer({ attending: true, etaMinutes: 25 }, 'json')).toEqual({ ok: true, value: { attending: true, etaMinutes: 25 } });
      expect(parseRecallAnswer({ attending: true }, 'json')).toEqual({ ok: true, value: { attending: true, etaMinutes: null } });
      expect(parseRecallAnswer({ attending: true, etaMinutes: null }, 'json')).toEqual({ ok: true, value: { attending: true, etaMinutes: null } });
      expect(parseRecallAnswer({ attending: false }, 'json')).toEqual({ ok: true, value: { attending: false, etaMinutes: null } });
    });

    it('accepts the ETA bounds 0 and 600 and refuses just outside them, fractions and strings', () => {
      expect(parseRecallAnswer({ attending: true, etaMinutes: 0 }, 'json').ok).toBe(true);
      expect(parseRecallAnswer({ attending: true, etaMinutes: 600 }, 'json').ok).toBe(true);
      for (const eta of [-1, 601, 2.5, '20', true, Number.NaN, {}]) {
        expect(parseRecallAnswer({ attending: true, etaMinutes: eta }, 'json')).toEqual({ ok: false, details: [{ field: 'etaMinutes', message: expect.stringMatching(/0 to 600/) }] });
      }
    });

    it('refuses a missing or non-boolean attending, unknown fields, and an ETA with "not attending"', () => {
      expect(parseRecallAnswer({}, 'json')).toEqual({ ok: false, details: [{ field: 'attending', message: expect.stringMatching(/required/) }] });
      expect(parseRecallAnswer({ attending: 'true' }, 'json')).toEqual({ ok: false, details: [{ field: 'attending', message: 'must be true or false' }] });
      expect(parseRecallAnswer({ attending: true, eta: 5 }, 'json')).toEqual({ ok: false, details: [{ field: 'eta', message: 'is not a known field' }] });
      expect(parseRecallAnswer({ attending: false, etaMinutes: 10 }, 'json')).toEqual({ ok: false, details: [{ field: 'etaMinutes', message: expect.stringMatching(/only when attending/) }] });
    });

    it('refuses bodies that are not objects, and bodies of another content type', () => {
      for (const body of [null, undefined, [true], 'attending=true', 42]) expect(parseRecallAnswer(body, 'json').ok).toBe(false);
      expect(parseRecallAnswer({ attending: true }, 'other')).toEqual({ ok: false, details: [{ field: 'body', message: expect.any(String) }] });
    });
  });

  describe('HTML form', () => {
    const form = (fields: Record<string, string | string[]>) => Object.assign(Object.create(null), fields);

    it('reads radio values and the ETA box', () => {
      expect(parseRecallAnswer(form({ attending: 'true', etaMinutes: '45' }), 'form')).toEqual({ ok: true, value: { attending: true, etaMinutes: 45 } });
      expect(parseRecallAnswer(form({ attending: 'true', etaMinutes: ' ' }), 'form')).toEqual({ ok: true, value: { attending: true, etaMinutes: null } });
      expect(parseRecallAnswer(form({ attending: 'yes' }), 'form')).toEqual({ ok: true, value: { attending: true, etaMinutes: null } });
    });

    it('ignores an ETA typed before choosing "No"', () => {
      expect(parseRecallAnswer(form({ attending: 'false', etaMinutes: 'soon' }), 'form')).toEqual({ ok: true, value: { attending: false, etaMinutes: null } });
    });

    it('asks for a choice, a sensible ETA, and one value per field', () => {
      expect(parseRecallAnswer(form({ etaMinutes: '10' }), 'form')).toEqual({ ok: false, details: [{ field: 'attending', message: 'Select whether you can come in' }] });
      expect(parseRecallAnswer(form({ attending: 'maybe' }), 'form')).toEqual({ ok: false, details: [{ field: 'attending', message: 'Select whether you can come in' }] });
      for (const eta of ['601', '-5', '1.5', 'ten', '99999']) {
        expect(parseRecallAnswer(form({ attending: 'true', etaMinutes: eta }), 'form')).toEqual({ ok: false, details: [{ field: 'etaMinutes', message: expect.stringMatching(/0 to 600/) }] });
      }
      expect(parseRecallAnswer(form({ attending: ['true', 'false'] }), 'form')).toEqual({ ok: false, details: [{ field: 'attending', message: 'must be given once' }] });
    });
  });
});
