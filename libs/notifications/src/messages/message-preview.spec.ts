import { previewMessage, REMOVED_LINK_TOKEN } from './message-preview';

const recall = { givenName: 'Alex', trustName: 'Trust A', sites: ['A site 1'], linkToken: 'T'.repeat(43), reason: 'major-incident' };

describe('previewMessage', () => {
  it('shows each channel’s wording with the link while the message is unsent', () => {
    const preview = previewMessage('recall', recall, 'https://strike.example.nhs.uk', true)!;
    expect(preview.sms).toContain(`https://strike.example.nhs.uk/s/${'T'.repeat(43)}`);
    expect(preview.email.subject).toBe('URGENT: major incident - can you return to work?');
    expect(preview.letter.body).toContain('Trust A has declared a major incident');
    expect(preview.linksRemoved).toBe(false);
  });

  it('shows a placeholder where the link was once it is sent (the token is no longer kept)', () => {
    const { linkToken: _scrubbed, ...stored } = recall;
    const preview = previewMessage('recall', stored, 'https://strike.example.nhs.uk', false)!;
    expect(preview.sms).toContain(`/s/${REMOVED_LINK_TOKEN}`);
    expect(preview.linksRemoved).toBe(true);
  });

  it('shows nothing rather than failing for a stored shape the wording no longer takes', () => {
    expect(previewMessage('recall', { givenName: 'Alex' }, 'https://strike.example.nhs.uk', true)).toBeNull();
  });
});
