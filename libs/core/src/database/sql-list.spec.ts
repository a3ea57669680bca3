import { sqlStringList } from './sql-list';

describe('sqlStringList', () => {
  it('renders constants as quoted SQL literals, doubling quotes', () => {
    expect(sqlStringList(['booked', 'offered'])).toBe("'booked', 'offered'");
    expect(sqlStringList(["o'clock"])).toBe("'o''clock'");
  });
});
