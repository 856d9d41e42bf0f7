import { z } from 'zod/mini';
import type { ImpactLevel, ReportScope } from './report-fields';

/**
 * The incident catalog ships with the app (administrators do not edit it): ids are stored in
 * reports made offline and in routing rules, so an id, once released, never changes meaning.
 *
 * `complexity` is the default the report form proposes (the leader may reclassify).
 * `sharedFailure` marks failures that hit the whole section at once — Internet for the
 * section, power, provincial and national systems — so that five desks reporting the same
 * outage within 30 minutes become one incident with five reporters, while two printer jams
 * at two desks stay two incidents.
 *
 * `likelyScope` and `likelyImpact` are what the report form proposes once the category is
 * chosen: an Internet outage of the whole section stops intake, and a hurried "this desk,
 * slowed" would keep the citizens' notice and the Step-3 reminder silent.
 */
export type Complexity = 'simple' | 'complex';

export const COMPLEXITIES = ['simple', 'complex'] as const satisfies readonly Complexity[];

export type CategoryGroup =
	| 'equipment'
	| 'account'
	| 'network'
	| 'provincial_system'
	| 'national_system'
	| 'signing'
	| 'power'
	| 'security'
	| 'other';

interface CategoryDefinition {
	id: string;
	group: CategoryGroup;
	labelVi: string;
	labelEn: string;
	exampleVi: string;
	exampleEn: string;
	complexity: Complexity;
	sharedFailure: boolean;
	likelyScope: ReportScope;
	likelyImpact: ImpactLevel;
	/** Prefills the report's "affected system" so that the province and the IT team read the official name. */
	affectedSystemVi?: string;
}

export const INCIDENT_CATEGORIES = [
	{
		id: 'printer_paper',
		group: 'equipment',
		labelVi: 'Máy in hết giấy',
		labelEn: 'Printer out of paper',
		exampleVi: 'Máy in báo hết giấy, không in được biên nhận',
		exampleEn: 'The printer says it is out of paper; receipts cannot be printed',
		complexity: 'simple',
		sharedFailure: false,
		likelyScope: 'desk',
		likelyImpact: 'slowed'
	},
	{
		id: 'printer_jam',
		group: 'equipment',
		labelVi: 'Máy in bị kẹt giấy',
		labelEn: 'Printer paper jam',
		exampleVi: 'Máy in bị kẹt giấy, đèn báo lỗi nhấp nháy, không in tiếp được',
		exampleEn: 'Paper is jammed in the printer, the error light blinks and printing stops',
		complexity: 'simple',
		sharedFailure: false,
		likelyScope: 'desk',
		likelyImpact: 'slowed'
	},
	{
		id: 'printer_toner',
		group: 'equipment',
		labelVi: 'Máy in hết mực',
		labelEn: 'Printer out of toner or ink',
		exampleVi: 'Bản in bị mờ, máy in báo hết mực',
		exampleEn: 'Printouts are faint and the printer reports it is out of toner',
		complexity: 'simple',
		sharedFailure: false,
		likelyScope: 'desk',
		likelyImpact: 'slowed'
	},
	{
		id: 'scanner_fault',
		group: 'equipment',
		labelVi: 'Máy quét (scan) bị lỗi',
		labelEn: 'Scanner fault',
		exampleVi: 'Máy scan không nhận lệnh quét, không số hóa được hồ sơ của người dân',
		exampleEn: "The scanner does not respond; citizens' documents cannot be digitised",
		complexity: 'simple',
		sharedFailure: false,
		likelyScope: 'desk',
		likelyImpact: 'slowed'
	},
	{
		id: 'account_password_forgotten',
		group: 'account',
		labelVi: 'Lỗi đăng nhập: quên mật khẩu',
		labelEn: 'Login error: forgotten password',
		exampleVi: 'Quên mật khẩu, không đăng nhập được vào hệ thống một cửa điện tử',
		exampleEn: 'Forgot the password and cannot sign in to the one-stop system',
		complexity: 'simple',
		sharedFailure: false,
		likelyScope: 'desk',
		likelyImpact: 'slowed'
	},
	{
		id: 'account_locked',
		group: 'account',
		labelVi: 'Lỗi đăng nhập: tài khoản bị khóa',
		labelEn: 'Login error: account locked',
		exampleVi: 'Nhập sai mật khẩu nhiều lần, tài khoản bị khóa, không đăng nhập được',
		exampleEn: 'The account was locked after several wrong passwords and cannot sign in',
		complexity: 'simple',
		sharedFailure: false,
		likelyScope: 'desk',
		likelyImpact: 'slowed'
	},
	{
		id: 'pc_frozen_slow',
		group: 'equipment',
		labelVi: 'Máy tính bị treo hoặc chạy chậm',
		labelEn: 'PC frozen or slow',
		exampleVi: 'Máy tính bị treo, bấm chuột và bàn phím không phản hồi',
		exampleEn: 'The PC is frozen; mouse and keyboard do nothing',
		complexity: 'simple',
		sharedFailure: false,
		likelyScope: 'desk',
		likelyImpact: 'slowed'
	},
	{
		id: 'peripheral_fault',
		group: 'equipment',
		labelVi: 'Hỏng thiết bị ngoại vi (bàn phím, chuột, màn hình)',
		labelEn: 'Peripheral fault (keyboard, mouse, monitor)',
		exampleVi: 'Màn hình không lên hình, chuột không di chuyển được',
		exampleEn: 'The monitor shows nothing and the mouse pointer does not move',
		complexity: 'simple',
		sharedFailure: false,
		likelyScope: 'desk',
		likelyImpact: 'slowed'
	},
	{
		id: 'queue_ticket_machine',
		group: 'equipment',
		labelVi: 'Máy lấy số thứ tự bị lỗi',
		labelEn: 'Queue-ticket machine fault',
		exampleVi: 'Máy lấy số thứ tự không in được phiếu, người dân không lấy được số',
		exampleEn: 'The queue-ticket machine prints no tickets; citizens cannot take a number',
		complexity: 'simple',
		sharedFailure: false,
		likelyScope: 'section',
		likelyImpact: 'slowed'
	},
	{
		id: 'rating_device',
		group: 'equipment',
		labelVi: 'Thiết bị đánh giá mức độ hài lòng bị lỗi',
		labelEn: 'Satisfaction-rating device fault',
		exampleVi: 'Màn hình đánh giá mức độ hài lòng không hiển thị, người dân không đánh giá được',
		exampleEn: 'The satisfaction-rating screen is blank; citizens cannot rate the service',
		complexity: 'simple',
		sharedFailure: false,
		likelyScope: 'desk',
		likelyImpact: 'none'
	},
	{
		id: 'internet_desk',
		group: 'network',
		labelVi: 'Mất kết nối Internet tại một quầy',
		labelEn: 'Internet lost at one desk',
		exampleVi: 'Máy tính quầy số 3 không vào được mạng, các quầy khác vẫn bình thường',
		exampleEn: 'The PC at desk 3 has no network; the other desks work normally',
		complexity: 'complex',
		// One desk's cable or switch port: a second desk failing is a second fault, not a duplicate.
		sharedFailure: false,
		likelyScope: 'desk',
		likelyImpact: 'slowed'
	},
	{
		id: 'internet_section',
		group: 'network',
		labelVi: 'Mất kết nối Internet toàn bộ Bộ phận Một cửa',
		labelEn: 'Internet lost for the whole one-stop section',
		exampleVi: 'Mất kết nối mạng toàn bộ Bộ phận Một cửa',
		exampleEn: 'The whole one-stop section has lost its network connection',
		complexity: 'complex',
		sharedFailure: true,
		likelyScope: 'section',
		likelyImpact: 'stopped'
	},
	{
		id: 'provincial_system',
		group: 'provincial_system',
		labelVi: 'Hệ thống giải quyết TTHC cấp tỉnh (iGate) bị lỗi hoặc ngừng hoạt động',
		labelEn: 'Provincial administrative-procedure system (iGate) down or erroring',
		exampleVi: "Không thể đăng nhập vào hệ thống iGate, báo lỗi 'Gateway Timeout'",
		exampleEn: "Cannot sign in to iGate; it reports 'Gateway Timeout'",
		complexity: 'complex',
		sharedFailure: true,
		likelyScope: 'section',
		likelyImpact: 'stopped',
		affectedSystemVi: 'Hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh (iGate)'
	},
	{
		id: 'national_portal',
		group: 'national_system',
		labelVi: 'Không truy cập được Cổng Dịch vụ công quốc gia',
		labelEn: 'National Public Service Portal unreachable',
		exampleVi: 'Cổng Dịch vụ công quốc gia không tải được trang, báo lỗi hết thời gian chờ',
		exampleEn: 'The National Public Service Portal does not load and times out',
		complexity: 'complex',
		sharedFailure: true,
		likelyScope: 'section',
		likelyImpact: 'slowed',
		affectedSystemVi: 'Cổng Dịch vụ công quốc gia'
	},
	{
		id: 'population_db',
		group: 'national_system',
		labelVi: 'Lỗi kết nối Cơ sở dữ liệu quốc gia về dân cư',
		labelEn: 'Population database connection error',
		exampleVi: 'Không xác thực được số định danh cá nhân, hệ thống báo mất kết nối tới CSDL quốc gia về dân cư',
		exampleEn: 'Personal identification numbers cannot be verified; the connection to the population database is lost',
		complexity: 'complex',
		sharedFailure: true,
		likelyScope: 'section',
		likelyImpact: 'stopped',
		affectedSystemVi: 'Cơ sở dữ liệu quốc gia về dân cư'
	},
	{
		id: 'civil_status_db',
		group: 'national_system',
		labelVi: 'Lỗi kết nối CSDL hộ tịch điện tử / phần mềm đăng ký hộ tịch dùng chung',
		labelEn: 'Civil-status database or shared civil-status software connection error',
		exampleVi: 'Phần mềm đăng ký hộ tịch dùng chung báo lỗi kết nối, không đăng ký được khai sinh',
		exampleEn: 'The shared civil-status software reports a connection error; births cannot be registered',
		complexity: 'complex',
		sharedFailure: true,
		likelyScope: 'section',
		likelyImpact: 'stopped',
		affectedSystemVi: 'Cơ sở dữ liệu hộ tịch điện tử (phần mềm đăng ký, quản lý hộ tịch dùng chung)'
	},
	{
		id: 'specialised_db',
		group: 'national_system',
		labelVi: 'Lỗi kết nối cơ sở dữ liệu chuyên ngành (ví dụ CSDL quốc gia về đất đai)',
		labelEn: 'Specialised database connection error (e.g. national land database)',
		exampleVi: 'Không kết nối được CSDL quốc gia về đất đai khi tra cứu thông tin thửa đất',
		exampleEn: 'The national land database cannot be reached when looking up a land parcel',
		complexity: 'complex',
		sharedFailure: true,
		likelyScope: 'section',
		likelyImpact: 'slowed'
	},
	{
		id: 'sync_failure',
		// Grouped with the provincial system: its vendor is the team that can trace a record first.
		group: 'provincial_system',
		labelVi: 'Lỗi đồng bộ giữa Phần mềm dịch vụ công liên thông, hệ thống cấp tỉnh và phần mềm hộ tịch',
		labelEn: 'Sync failure between the inter-agency service software, the provincial system and the civil-status software',
		exampleVi: 'Hồ sơ liên thông khai sinh đã tiếp nhận nhưng không đồng bộ sang phần mềm hộ tịch',
		exampleEn: 'An inter-agency birth registration was received but never reached the civil-status software',
		complexity: 'complex',
		sharedFailure: true,
		likelyScope: 'section',
		likelyImpact: 'slowed',
		affectedSystemVi: 'Phần mềm dịch vụ công liên thông'
	},
	{
		id: 'data_lookup',
		group: 'national_system',
		labelVi: 'Lỗi tra cứu dữ liệu',
		labelEn: 'Data look-up error',
		exampleVi: 'Tra cứu thông tin công dân báo lỗi hoặc không trả về kết quả dù nhập đúng số định danh',
		exampleEn: 'Looking up a citizen fails or returns nothing although the identification number is correct',
		complexity: 'complex',
		sharedFailure: true,
		likelyScope: 'section',
		likelyImpact: 'slowed'
	},
	{
		id: 'digital_signing',
		group: 'signing',
		labelVi: 'Lỗi ký số (chữ ký số chuyên dùng công vụ)',
		labelEn: 'Digital-signing error (official digital signature)',
		exampleVi: 'Không ký số được giấy khai sinh, báo lỗi không tìm thấy chứng thư số',
		exampleEn: 'A birth certificate cannot be signed; no signing certificate is found',
		complexity: 'complex',
		// Each signer has their own token and certificate, so two signers failing are two faults.
		sharedFailure: false,
		likelyScope: 'desk',
		likelyImpact: 'slowed',
		affectedSystemVi: 'Chữ ký số chuyên dùng công vụ'
	},
	{
		id: 'vneid',
		group: 'national_system',
		labelVi: 'Lỗi VNeID / định danh điện tử',
		labelEn: 'VNeID (electronic identity) error',
		exampleVi: 'Không xác thực được tài khoản định danh điện tử VNeID của người dân khi nộp hồ sơ',
		exampleEn: "A citizen's VNeID electronic identity cannot be verified when submitting an application",
		complexity: 'complex',
		sharedFailure: true,
		likelyScope: 'section',
		likelyImpact: 'slowed',
		affectedSystemVi: 'Ứng dụng định danh quốc gia (VNeID)'
	},
	{
		id: 'power_outage',
		group: 'power',
		labelVi: 'Mất điện',
		labelEn: 'Power outage',
		exampleVi: 'Mất điện toàn bộ Trung tâm, máy tính và máy in đều tắt',
		exampleEn: 'The whole center has lost power; PCs and printers are off',
		complexity: 'complex',
		sharedFailure: true,
		likelyScope: 'section',
		likelyImpact: 'stopped'
	},
	{
		id: 'security_incident',
		group: 'security',
		labelVi: 'Nghi nhiễm mã độc hoặc sự cố an toàn thông tin',
		labelEn: 'Suspected malware or security incident',
		exampleVi: 'Máy tính hiện thông báo đòi tiền chuộc, các tệp bị đổi đuôi không mở được',
		exampleEn: 'The PC shows a ransom note and files have been renamed and will not open',
		complexity: 'complex',
		// Every infected machine must be isolated and checked on its own; merging would hide one.
		sharedFailure: false,
		likelyScope: 'desk',
		likelyImpact: 'stopped'
	},
	{
		id: 'other',
		group: 'other',
		labelVi: 'Sự cố khác',
		labelEn: 'Other incident',
		exampleVi: 'Sự cố không thuộc các loại trên, mô tả rõ hiện tượng và thông báo lỗi',
		exampleEn: 'Anything not listed above; describe what happens and any error message',
		complexity: 'simple',
		sharedFailure: false,
		likelyScope: 'desk',
		likelyImpact: 'slowed'
	}
] as const satisfies readonly CategoryDefinition[];

export type CategoryId = (typeof INCIDENT_CATEGORIES)[number]['id'];
export type IncidentCategory = CategoryDefinition & { id: CategoryId };

export const CATEGORY_IDS: readonly CategoryId[] = INCIDENT_CATEGORIES.map((c) => c.id);
/**
 * Pages read the catalog without loading zod: the schemas that check a category build their
 * own enum from CATEGORY_IDS, nothing in the browser refers to this one, and (pure) the
 * bundler drops it there.
 */
export const categoryIdSchema = /* @__PURE__ */ z.enum(CATEGORY_IDS);

const byId = new Map<string, IncidentCategory>(INCIDENT_CATEGORIES.map((c) => [c.id, c]));

export function getCategory(id: CategoryId): IncidentCategory;
export function getCategory(id: string): IncidentCategory | undefined;
export function getCategory(id: string): IncidentCategory | undefined {
	return byId.get(id);
}

/** What the form proposes before any category is chosen. */
export const FORM_DEFAULTS = { scope: 'desk', impactLevel: 'slowed' } as const satisfies { scope: ReportScope; impactLevel: ImpactLevel };

/**
 * The scope and impact after choosing `next` when `previous` was chosen before: each follows
 * the category unless the officer changed it herself — it no longer holds what the previous
 * category (or the form) proposed — and then it stays hers.
 */
export function fieldsForCategory(
	current: { scope?: ReportScope; impactLevel?: ImpactLevel },
	previous: string | undefined,
	next: string
): { scope?: ReportScope; impactLevel?: ImpactLevel } {
	const before = previous ? getCategory(previous) : undefined;
	const after = getCategory(next);
	if (!after) return current;
	const proposedScope = before?.likelyScope ?? FORM_DEFAULTS.scope;
	const proposedImpact = before?.likelyImpact ?? FORM_DEFAULTS.impactLevel;
	return {
		scope: current.scope === undefined || current.scope === proposedScope ? after.likelyScope : current.scope,
		impactLevel: current.impactLevel === undefined || current.impactLevel === proposedImpact ? after.likelyImpact : current.impactLevel
	};
}

/**
 * What the local IT enterprise (the provider of the section's line and of the provincial
 * system) covers by default; administrators assign the national systems to whoever runs them.
 */
export const NETWORK_AND_PROVINCIAL_CATEGORY_IDS: readonly CategoryId[] = INCIDENT_CATEGORIES.filter(
	(c) => c.group === 'network' || c.group === 'provincial_system'
).map((c) => c.id);
