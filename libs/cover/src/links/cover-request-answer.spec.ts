import { parseCoverAnswers } from './cover-request-answer';

const ID = '0b6f1c2e-4d3a-4e5f-8a9b-0c1d2e3f4a5b';
const ID2 = '1b6f1c2e-4d3a-4e5f-8a9b-0c1d2e3f4a5b';

describe('parseCoverAnswers', () => {
  it('reads JSON answers per shift, or one answer for every shift', () => {
    expect(parseCoverAnswers({ answers: [{ assignmentId: ID, accept: true }, { assignmentId: ID2, accept: false }] }, 'json')).toEqual({
      ok: true,
      answers: [{ assignmentId: ID, accept: true }, { assignmentId: ID2, accept: false }],
    });
    expect(parseCoverAnswers({ accept: false }, 'json')).toEqual({ ok: true, answers: { all: false } });
  });

  it('names every bad JSON field', () => {
    expect(parseCoverAnswers({ answers: [{ assignmentId: 'x', accept: 'yes', extra: 1 }] }, 'json')).toEqual({
      ok: false,
      details: [
        { field: 'answers[0].extra', message: 'is not a known field' },
        { field: 'answers[0].assignmentId', message: 'must be a shift id (uuid)' },
        { field: 'answers[0].accept', message: 'must be true or false' },
      ],
    });
    expect(parseCoverAnswers({ answers: [] }, 'json')).toEqual({ ok: false, details: [{ field: 'answers', message: expect.any(String) }] });
    expect(parseCoverAnswers({ accept: true, answers: [] }, 'json').ok).toBe(false);
    expect(parseCoverAnswers({ answers: [{ assignmentId: ID, accept: true }, { assignmentId: ID, accept: false }] }, 'json')).toEqual({
      ok: false,
      details: [{ field: 'answers[1].assignmentId', message: 'is answered twice' }],
    });
    expect(parseCoverAnswers('text', 'other')).toEqual({ ok: false, details: [{ field: 'body', message: expect.any(String) }] });
  });

  it('reads the page’s radios and leaves unanswered shifts alone', () => {
    expect(parseCoverAnswers({ [`answer-${ID}`]: 'accept', [`answer-${ID2}`]: 'decline', other: 'x' }, 'form')).toEqual({
      ok: true,
      answers: [{ assignmentId: ID, accept: true }, { assignmentId: ID2, accept: false }],
    });
    expect(parseCoverAnswers({}, 'form')).toEqual({ ok: false, details: [{ field: 'answers', message: 'Choose accept or decline for at least one shift' }] });
    expect(parseCoverAnswers({ [`answer-${ID}`]: 'maybe' }, 'form')).toEqual({ ok: false, details: [{ field: `answer-${ID}`, message: 'choose accept or decline' }] });
  });
});
