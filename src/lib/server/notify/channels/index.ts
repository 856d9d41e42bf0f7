/**
 * The channels this server can send on, in ladder order (domain/ladder.ts): Web Push
 * always (its keys are made on first start), Zalo ZNS, an SMS gateway and e-mail when their
 * environment variables are set (README, Configuration).
 */
import type { Database } from '../../db';
import type { Channel } from '../channel';
import { loadVapidKeys } from '../vapid';
import { emailChannel, readEmailConfig } from './email';
import { pushChannel } from './push';
import { readSmsConfig, smsWebhookChannel } from './sms-webhook';
import { readZnsConfig, znsChannel } from './zns';

type Env = Record<string, string | undefined>;

export async function buildChannels(db: Database, env: Env = process.env): Promise<{ channels: Channel[]; vapidPublicKey: string }> {
	const keys = await loadVapidKeys(db, env);
	return {
		channels: [
			pushChannel(keys),
			znsChannel(readZnsConfig(env)),
			smsWebhookChannel(readSmsConfig(env)),
			emailChannel(readEmailConfig(env))
		],
		vapidPublicKey: keys.publicKey
	};
}
