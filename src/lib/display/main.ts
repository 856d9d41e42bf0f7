/**
 * The notice display's script: the only JavaScript of `/thong-bao`. It finds the ward (from
 * the link, or the one chosen on this device), shows its facts from the freshest copy it can
 * get (the server, the worker's cache, the device's own copy), and switches between the
 * welcome and the notice as the network, the desk officer and the ward's status say. It also
 * reads the notice aloud — the ward's recording in a human voice when it has one, else the
 * device's Vietnamese voice — keeps the screen awake and hides an idle cursor.
 */
import type { DisplayMode, PublicWard } from '$lib/domain/display';
import { fetchPublicWard, fetchPublicWards, keptWard, storedWardSlug, storeWardSlug, wardKnownBySlug } from '$lib/client/public-wards';
import { hideIdleCursor, keepScreenAwake } from '$lib/client/screen';
import { registerWorker } from '$lib/client/worker-registration';
import { hasVietnameseVoice, speakVietnamese } from '$lib/client/speech';
import { NoticeAudio } from './audio';
import { localise, say } from './messages';
import { DisplaySwitch } from './switch';
import { DisplayView } from './view';

const REPEAT_KEY = 'ucmc.display.repeat';
/**
 * The ward's public status is read this often while online: an incident that stops intake
 * shows the notice within about ten seconds (the server drops its few-second cache the moment
 * the incident changes), and one poll is cheap for the server.
 */
const STATUS_POLL_MS = 8_000;

const root = document.querySelector<HTMLElement>('[data-display]');
if (root) start(root);

// A TV that only ever opens this page must still install the worker: it keeps the page, this
// script and the ward's facts for a start with the network down. (Updates wait, as in the
// app, until no page of it is open: a desk officer on the same PC may be mid-report.)
registerWorker();

function start(root: HTMLElement): void {
	const view = new DisplayView(root);
	localise(root);

	const audio = new NoticeAudio(view.audio);
	let ward: PublicWard | null = null;
	let choosing = false;
	/**
	 * `deviceVoice`: a Vietnamese voice is installed (null: not known yet). `blocked`: the
	 * browser refused to sound without a tap; `unlocked`: the tap came (the button shows once).
	 */
	let voice = { recording: false, deviceVoice: null as boolean | null, blocked: false, unlocked: false };
	let repeatMinutes = Number(localStorage.getItem(REPEAT_KEY) ?? 0) || 0;

	const display = new DisplaySwitch(() => render());

	function render(): void {
		if (choosing) view.show('picker');
		else if (!ward) view.show('loading');
		else view.show(display.mode);
		document.title = say.title(ward?.name ?? '');
		syncReading();
	}

	async function showWard(slug: string): Promise<void> {
		storeWardSlug(slug);
		const result = await fetchPublicWard(slug);
		if (result.ok) {
			choosing = false;
			present(result.ward);
			// A copy kept from an earlier visit says nothing about now: only a fresh answer counts.
			if (result.fresh) display.wardStatus(result.ward.status?.state === 'problem');
		} else if (result.reason === 'unavailable') {
			// Never seen online: the notice works anyway; the ward's facts come with the network.
			if (ward?.slug !== slug) present(wardKnownBySlug(slug));
			choosing = false;
		} else {
			storeWardSlug(null);
			choose(say.wardUnknown(slug));
			return;
		}
		render();
	}

	function choose(problem: string | null = null): void {
		choosing = true;
		render();
		view.showPicker(undefined, problem, pick);
		void fetchPublicWards().then((wards) => choosing && view.showPicker(wards, problem, pick));
	}

	function pick(slug: string): void {
		void showWard(slug);
	}

	function refreshWard(): void {
		const slug = storedWardSlug();
		if (slug && !choosing && navigator.onLine) void showWard(slug);
	}

	function present(next: PublicWard): void {
		ward = next;
		view.showWard(next);
		void audio.use(next.slug, next.notice.audio).then((recording) => next === ward && setVoice({ recording }));
	}

	async function readAloud(): Promise<void> {
		if (!ward) return;
		const played = await audio.play();
		if (played === 'playing') {
			// A tap on "Đọc to" is the gesture the browser waited for, as well as the big button.
			if (voice.blocked) setVoice({ blocked: false, unlocked: true });
			return;
		}
		if (played === 'blocked') return setVoice({ blocked: true });
		const spoken = await speakVietnamese(ward.notice.text, () => setVoice({ blocked: true }));
		setVoice({ deviceVoice: spoken === 'spoken' });
	}

	function setVoice(change: Partial<typeof voice>): void {
		voice = { ...voice, ...change };
		const source = voice.recording ? 'recording' : voice.deviceVoice ? 'device' : null;
		view.showVoice({
			label: source && say.voice(source),
			noVoice: !voice.recording && voice.deviceVoice === false,
			blocked: voice.blocked,
			unmute: voice.blocked && !voice.unlocked
		});
		syncReading();
	}

	// With repetition chosen, the notice is read when it appears and every few minutes — not
	// again merely because the ward's facts were refreshed.
	let reading: { key: string; timer?: ReturnType<typeof setInterval> } = { key: '' };
	function syncReading(): void {
		const mode: DisplayMode | 'none' = ward && !choosing ? display.mode : 'none';
		const canRead = voice.recording || voice.deviceVoice !== false;
		const key = `${mode}|${repeatMinutes}|${canRead}`;
		if (key === reading.key) return;
		clearInterval(reading.timer);
		reading = { key };
		if (mode !== 'notice') audio.stop();
		if (mode !== 'notice' || repeatMinutes === 0 || !canRead) return;
		void readAloud();
		reading.timer = setInterval(() => void readAloud(), repeatMinutes * 60_000);
	}

	view.repeatSelect.value = String(repeatMinutes);
	view.repeatSelect.addEventListener('change', () => {
		repeatMinutes = Number(view.repeatSelect.value) || 0;
		localStorage.setItem(REPEAT_KEY, String(repeatMinutes));
		syncReading();
	});
	view.onAction('fullscreen', () => void document.documentElement.requestFullscreen?.().catch(() => {}));
	view.onAction('read-aloud', () => void readAloud());
	view.onAction('change-ward', () => choose());
	// The tap a browser without the kiosk's autoplay flag waits for: it also starts the sound.
	view.onAction('unmute', () => {
		setVoice({ blocked: false, unlocked: true });
		void readAloud();
	});

	display.start();
	keepScreenAwake();
	hideIdleCursor(root);
	void hasVietnameseVoice().then((has) => setVoice({ deviceVoice: has }));
	addEventListener('online', refreshWard);
	document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && refreshWard());
	setInterval(() => document.visibilityState === 'visible' && refreshWard(), STATUS_POLL_MS);

	const slug = new URLSearchParams(location.search).get('phuong') ?? storedWardSlug();
	if (slug) {
		// What the device kept shows at once; the server's (or the worker's) answer follows.
		const kept = keptWard(slug);
		if (kept) present(kept);
		void showWard(slug);
	} else choose();
	render();
}
