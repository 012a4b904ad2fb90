import { sshdBruteForceAlert } from '@riposte/testing';
import { aMessage } from '../testing/messages';
import { runInMemory } from '../testing/run-in-memory';
import { oauth1Signature } from './oauth1';
import { slackPayload } from './wazuh-slack.script';
import { tweetText, wazuhTwitter } from './wazuh-twitter.script';

describe('wazuh-slack payload (format_output)', () => {
  const alert = sshdBruteForceAlert();
  it('summarises the sshd alert in Wazuh key order', () => {
    expect(JSON.stringify(slackPayload(alert))).toBe(
      JSON.stringify({
        attachments: [
          {
            color: 'danger',
            pretext: 'WAZUH Alert',
            title: 'sshd: brute force trying to get access to the system. Non existent user.',
            text: 'Feb 14 03:12:44 riposte-manager sshd[40219]: Invalid user oracle from 203.0.113.77 port 51018',
            fields: [
              { title: 'Agent', value: '(000) - riposte-manager' },
              { title: 'Location', value: '/var/log/auth.log' },
              { title: 'Rule ID', value: '5712 (level 10)' },
            ],
            ts: '1771038765.884213',
          },
        ],
      }),
    );
  });
  it.each([
    [3, 'good'],
    [5, 'warning'],
    [7, 'warning'],
    [8, 'danger'],
  ])('colours level %i %s', (level, color) => expect((slackPayload({ rule: { level } }).attachments as { color: string }[])[0].color).toBe(color));
  it('uses N/A for missing values and the agentless host', () => {
    const payload = slackPayload({ agentless: { host: 'fw1' }, rule: { level: '5' } }) as { attachments: { fields: unknown[]; color: string; title: string }[] };
    expect(payload.attachments[0].fields).toEqual([
      { title: 'Agentless Host', value: 'fw1' },
      { title: 'Location', value: 'N/A' },
      { title: 'Rule ID', value: 'N/A (level N/A)' },
    ]);
    expect(payload.attachments[0].color).toBe('good');
  });
  it("refuses a message without extra_args: Cannot read 'extra_args' from data", async () => {
    const { wazuhSlack } = await import('./wazuh-slack.script');
    expect((await runInMemory(wazuhSlack, aMessage())).messages.slice(-1)).toEqual(["Cannot read 'extra_args' from data"]);
  });
});

describe('wazuh-twitter', () => {
  it('summarises the alert in one post', () =>
    expect(tweetText(aMessage())).toBe(
      'WAZUH Alert - Rule 5712 (level 10): sshd: brute force trying to get access to the system. Non existent user.. Agent: (000) localhost.localdomain. Source IP: 172.17.1.1',
    ));
  it('cuts at 280 characters', () => expect([...tweetText(aMessage({ alert: { rule: { description: 'x'.repeat(400) } } }))]).toHaveLength(280));
  it('needs credentials', async () => {
    const run = await runInMemory(wazuhTwitter, aMessage(), { env: {} });
    expect(run.messages.slice(-2)).toEqual(['Cannot read X credentials from extra_args or environment', 'Ended']);
    expect(run.exitCode).toBe(-1);
  });
  it('signs OAuth 1.0a like the X documentation example', () => {
    // https://developer.x.com "Creating a signature" example values
    const params = {
      status: 'Hello Ladies + Gentlemen, a signed OAuth request!',
      include_entities: 'true',
      oauth_consumer_key: 'xvz1evFS4wEEPTGEFPHBog',
      oauth_nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: '1318622958',
      oauth_token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
      oauth_version: '1.0',
    };
    const creds = { consumerKey: params.oauth_consumer_key, consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw', token: params.oauth_token, tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' };
    expect(oauth1Signature('POST', 'https://api.twitter.com/1.1/statuses/update.json', params, creds)).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
  });
});
