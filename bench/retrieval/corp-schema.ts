// A made-up company warehouse for the retrieval eval: 100+ tables over ten domains, realistic names, comments on some
// tables and columns, foreign keys, and field values on low-cardinality text columns (as introspection collects them).
import type { Catalog, Column, Table, TypeFamily } from '../../src/catalog/model.js';

/**
 * One table: `schema.table`, a comment ('' for none), and its columns as space-separated tokens
 * `name[:type][>schema.table][=value|value]` (`~` stands for a space inside a value), with optional column comments.
 */
type Spec = [name: string, comment: string, columns: string, columnComments?: Record<string, string>];

const specs: Spec[] = [
  // CRM
  [
    'crm.accounts',
    'Companies we sell to',
    'id name industry=Retail|Banking|Insurance|Healthcare|Logistics|Energy|Public~Sector tier=enterprise|mid_market|smb country_code owner_rep_id>crm.sales_reps created_at',
  ],
  [
    'crm.contacts',
    'People at accounts',
    'id account_id>crm.accounts first_name last_name email phone job_title is_primary created_at',
  ],
  [
    'crm.leads',
    'Inbound prospects before qualification',
    'id company_name email source=webinar|trade~show|referral|paid~search|organic status=new|working|qualified|disqualified score:integer created_at',
    { score: 'Lead score 0-100 from the marketing model' },
  ],
  [
    'crm.opportunities',
    'Deals in the pipeline',
    'id account_id>crm.accounts owner_rep_id>crm.sales_reps stage_id>crm.opportunity_stages amount close_date:date probability:float created_at',
  ],
  [
    'crm.opportunity_stages',
    '',
    'id name=Prospecting|Discovery|Proposal|Negotiation|Closed~Won|Closed~Lost sort_order:integer is_closed',
  ],
  [
    'crm.activities',
    'Calls, meetings and emails logged by reps',
    'id rep_id>crm.sales_reps contact_id>crm.contacts kind=call|meeting|email|demo occurred_at duration_minutes:integer notes',
  ],
  [
    'crm.sales_reps',
    'Account executives and SDRs',
    'id full_name email territory_id>crm.territories hired_on:date quota',
  ],
  ['crm.territories', '', 'id name=DACH|Nordics|Benelux|UK~&~Ireland|Iberia|North~America|APAC region'],
  [
    'crm.quotes',
    'Price quotes sent to accounts',
    'id opportunity_id>crm.opportunities quote_number valid_until:date total_amount status=draft|sent|accepted|rejected',
  ],
  [
    'crm.quote_lines',
    '',
    'id quote_id>crm.quotes product_id>sales.products quantity:integer unit_price discount_pct:float',
  ],
  [
    'crm.campaigns',
    'Marketing campaigns that generate leads',
    'id name channel=email|events|social|search budget starts_on:date ends_on:date',
  ],
  ['crm.campaign_members', '', 'campaign_id>crm.campaigns lead_id>crm.leads responded:boolean added_at'],
  // Sales / commerce
  [
    'sales.customers',
    'Consumers with a web shop account',
    'id email full_name loyalty_level=bronze|silver|gold|platinum country_code signed_up_at',
  ],
  [
    'sales.products',
    'Catalogue of sellable items',
    'id sku name=Trail~Runner~2|Summit~Jacket|Base~Layer~Tee|Alpine~Backpack~40L|Glacier~Gloves|Ridge~Hiking~Boot category_id>sales.product_categories list_price is_active',
  ],
  ['sales.product_categories', '', 'id name=Footwear|Outerwear|Apparel|Bags|Accessories parent_id:integer'],
  [
    'sales.orders',
    'Web shop checkouts',
    'id customer_id>sales.customers order_number ordered_at status=pending|paid|shipped|delivered|cancelled|returned sales_channel=web|app|marketplace currency_code>finance.currencies total_amount',
  ],
  [
    'sales.order_lines',
    'Items of an order at the price charged',
    'id order_id>sales.orders product_id>sales.products quantity:integer unit_price discount_amount',
  ],
  ['sales.price_lists', '', 'id name valid_from:date valid_to:date currency_code'],
  ['sales.price_list_items', '', 'price_list_id>sales.price_lists product_id>sales.products price'],
  [
    'sales.promotions',
    'Discount codes and campaigns',
    'id code=WELCOME10|SUMMER24|BLACKFRIDAY|FREESHIP discount_pct:float starts_on:date ends_on:date',
  ],
  ['sales.order_promotions', '', 'order_id>sales.orders promotion_id>sales.promotions discount_amount'],
  [
    'sales.returns',
    'Goods sent back by customers',
    'id order_line_id>sales.order_lines reason_id>sales.return_reasons returned_at refund_amount',
  ],
  ['sales.return_reasons', '', 'id label=Too~small|Too~large|Damaged|Not~as~described|Changed~mind'],
  [
    'sales.carts',
    'Open and abandoned shopping carts',
    'id customer_id>sales.customers created_at abandoned_at converted_order_id:integer',
  ],
  [
    'sales.product_reviews',
    'Star ratings and texts from buyers',
    'id product_id>sales.products customer_id>sales.customers rating:integer body created_at',
  ],
  // Finance
  ['finance.currencies', '', 'code=EUR|USD|GBP|SEK|CHF name minor_units:integer'],
  [
    'finance.exchange_rates',
    'Daily reference rates to EUR',
    'rate_date:date currency_code>finance.currencies rate_to_eur:float',
  ],
  [
    'finance.gl_accounts',
    'Chart of accounts of the general ledger',
    'id number name account_type=asset|liability|equity|revenue|expense',
  ],
  ['finance.journal_entries', '', 'id posted_on:date description source=AP|AR|Payroll|Manual created_by'],
  [
    'finance.journal_lines',
    'Debits and credits of a journal entry',
    'id entry_id>finance.journal_entries gl_account_id>finance.gl_accounts cost_center_id>finance.cost_centers debit credit',
  ],
  [
    'finance.cost_centers',
    '',
    'id code name=Engineering|Sales|Marketing|Operations|Finance|People owner_employee_id>hr.employees',
  ],
  [
    'finance.budgets',
    'Planned spend per cost center and month',
    'id cost_center_id>finance.cost_centers budget_month:date planned_amount',
  ],
  ['finance.vendors', 'Suppliers we pay', 'id name tax_number country_code payment_terms_days:integer'],
  [
    'finance.ap_invoices',
    'Bills received from vendors',
    'id vendor_id>finance.vendors invoice_number invoice_date:date due_date:date total_amount status=open|approved|paid|disputed',
  ],
  [
    'finance.ar_invoices',
    'Invoices we issued to B2B accounts',
    'id account_id>crm.accounts invoice_number issued_on:date due_on:date total_amount status=draft|issued|paid|overdue|written_off',
  ],
  [
    'finance.ar_invoice_lines',
    '',
    'id invoice_id>finance.ar_invoices description quantity:integer unit_price tax_rate:float',
  ],
  [
    'finance.payments_received',
    'Incoming payments matched to invoices',
    'id invoice_id>finance.ar_invoices received_on:date amount method=wire|card|direct_debit',
  ],
  [
    'finance.purchase_orders',
    '',
    'id vendor_id>finance.vendors ordered_on:date total_amount status=requested|approved|received|closed requested_by>hr.employees',
  ],
  [
    'finance.purchase_order_lines',
    '',
    'id purchase_order_id>finance.purchase_orders item_description quantity:integer unit_cost',
  ],
  [
    'finance.fx_revaluations',
    'Month-end revaluation of foreign currency balances',
    'id revalued_on:date currency_code>finance.currencies gain_loss',
  ],
  // HR
  [
    'hr.employees',
    'Everyone on the payroll',
    'id first_name last_name email department_id>hr.departments position_id>hr.positions manager_id:integer hired_on:date terminated_on:date employment_type=full_time|part_time|contractor|intern office_id>hr.offices',
  ],
  [
    'hr.departments',
    '',
    'id name=Engineering|Sales|Marketing|Customer~Success|Finance|People|Legal head_employee_id:integer',
  ],
  ['hr.positions', 'Job titles and grades', 'id title grade=L1|L2|L3|L4|L5|M1|M2 job_family'],
  ['hr.offices', '', 'id city=Berlin|Amsterdam|Stockholm|London|Lisbon|Remote country_code opened_on:date'],
  ['hr.salaries', 'Base pay history', 'id employee_id>hr.employees annual_base currency_code effective_from:date'],
  ['hr.payroll_runs', '', 'id period_month:date run_at status=draft|approved|paid'],
  [
    'hr.payslips',
    'One per employee and payroll run',
    'id payroll_run_id>hr.payroll_runs employee_id>hr.employees gross_pay net_pay tax_withheld',
  ],
  ['hr.leave_types', '', 'id name=Vacation|Sick~leave|Parental~leave|Unpaid~leave|Sabbatical paid:boolean'],
  [
    'hr.time_off_requests',
    'Absence requests and approvals',
    'id employee_id>hr.employees leave_type_id>hr.leave_types starts_on:date ends_on:date days:float status=pending|approved|rejected',
  ],
  [
    'hr.performance_reviews',
    '',
    'id employee_id>hr.employees reviewer_id:integer cycle=H1|H2 review_year:integer rating=exceeds|meets|below',
  ],
  [
    'hr.candidates',
    'Applicants in the hiring funnel',
    'id full_name email source=referral|linkedin|careers_page|agency created_at',
  ],
  [
    'hr.job_applications',
    '',
    'id candidate_id>hr.candidates position_id>hr.positions applied_at stage=screen|interview|offer|hired|rejected',
  ],
  [
    'hr.trainings',
    'Courses offered to staff',
    'id title=Security~Awareness|First~Aid|Leadership~101|SQL~Basics hours:float mandatory:boolean',
  ],
  [
    'hr.training_enrollments',
    '',
    'training_id>hr.trainings employee_id>hr.employees enrolled_at completed_at score:integer',
  ],
  // Logistics
  [
    'logistics.warehouses',
    'Distribution centres',
    'id name=Hamburg~DC|Venlo~DC|Poznan~DC|Madrid~DC city country_code capacity_pallets:integer',
  ],
  [
    'logistics.inventory_levels',
    'Stock on hand per product and warehouse, daily snapshot',
    'snapshot_date:date warehouse_id>logistics.warehouses product_id>sales.products on_hand:integer reserved:integer',
  ],
  [
    'logistics.stock_movements',
    '',
    'id warehouse_id>logistics.warehouses product_id>sales.products moved_at movement_type=receipt|pick|transfer|adjustment quantity:integer',
  ],
  [
    'logistics.shipments',
    'Parcels handed to carriers',
    'id order_id>sales.orders warehouse_id>logistics.warehouses carrier_id>logistics.carriers shipped_at delivered_at tracking_number weight_kg:float',
  ],
  ['logistics.carriers', '', 'id name=DHL|UPS|DPD|GLS|PostNL service_level'],
  [
    'logistics.shipment_events',
    'Tracking scans from carriers',
    'id shipment_id>logistics.shipments event_at event_code=picked_up|in_transit|out_for_delivery|delivered|exception location',
  ],
  [
    'logistics.vehicles',
    'Own delivery vans',
    'id plate_number model fuel_type=diesel|electric|hybrid capacity_kg:float',
  ],
  ['logistics.drivers', '', 'id full_name licence_class employee_id>hr.employees'],
  [
    'logistics.delivery_routes',
    '',
    'id route_date:date vehicle_id>logistics.vehicles driver_id>logistics.drivers stops:integer distance_km:float',
  ],
  ['logistics.suppliers', 'Manufacturers we buy goods from', 'id name country_code lead_time_days:integer'],
  [
    'logistics.inbound_receipts',
    'Goods received from suppliers',
    'id supplier_id>logistics.suppliers warehouse_id>logistics.warehouses received_at pallets:integer',
  ],
  // Healthcare (a clinic network)
  [
    'clinic.patients',
    'Registered patients',
    'id mrn first_name last_name birth_date:date sex=F|M|X postal_code insurer_id>clinic.insurers',
  ],
  [
    'clinic.physicians',
    '',
    'id full_name specialty=Cardiology|Dermatology|General~Practice|Oncology|Pediatrics|Radiology clinic_site_id>clinic.sites',
  ],
  ['clinic.sites', 'Clinic locations', 'id name city opened_on:date'],
  [
    'clinic.appointments',
    '',
    'id patient_id>clinic.patients physician_id>clinic.physicians scheduled_at status=booked|completed|no_show|cancelled visit_type=in_person|video',
  ],
  [
    'clinic.encounters',
    'A completed visit with its clinical notes',
    'id appointment_id>clinic.appointments started_at ended_at chief_complaint',
  ],
  [
    'clinic.diagnoses',
    'Conditions recorded at an encounter',
    'id encounter_id>clinic.encounters icd10_code>clinic.icd10_codes recorded_at is_primary',
  ],
  ['clinic.icd10_codes', 'ICD-10 classification', 'code description chapter'],
  [
    'clinic.medications',
    '',
    'id name=Metformin|Atorvastatin|Lisinopril|Amoxicillin|Ibuprofen atc_code form=tablet|capsule|syrup|injection',
  ],
  [
    'clinic.prescriptions',
    'Medication orders for patients',
    'id encounter_id>clinic.encounters medication_id>clinic.medications dose refills:integer prescribed_at',
  ],
  [
    'clinic.lab_orders',
    '',
    'id encounter_id>clinic.encounters test_id>clinic.lab_tests ordered_at priority=routine|urgent|stat',
  ],
  [
    'clinic.lab_tests',
    'Catalogue of laboratory tests',
    'id loinc_code name=HbA1c|LDL~Cholesterol|Creatinine|CRP|TSH unit',
  ],
  ['clinic.lab_results', '', 'id lab_order_id>clinic.lab_orders value:float abnormal_flag=H|L|N resulted_at'],
  ['clinic.insurers', 'Health insurance companies', 'id name=AOK|TK|Barmer|DAK|Private type=statutory|private'],
  [
    'clinic.claims',
    'Bills sent to insurers',
    'id encounter_id>clinic.encounters insurer_id>clinic.insurers submitted_on:date billed_amount paid_amount status=submitted|paid|denied|appealed',
  ],
  // Aviation (a travel business)
  [
    'travel.airlines',
    '',
    'id iata_code name=KLM|Lufthansa|Air~France|easyJet|Ryanair|SAS country_code alliance=SkyTeam|Star~Alliance|oneworld|none',
  ],
  ['travel.airports', '', 'iata_code name city country_code timezone'],
  ['travel.aircraft', 'Aircraft types', 'id model=A320neo|A321|B737-800|B787-9|E190 seats:integer'],
  [
    'travel.flights',
    'Scheduled flight legs',
    'id airline_id>travel.airlines flight_number origin_code>travel.airports destination_code>travel.airports aircraft_id>travel.aircraft departs_at arrives_at status=scheduled|departed|landed|cancelled|diverted',
    { departs_at: 'Scheduled departure, UTC' },
  ],
  [
    'travel.flight_delays',
    'Minutes late per flight and cause',
    'flight_id>travel.flights delay_minutes:integer cause=weather|crew|technical|air~traffic|late~aircraft',
  ],
  [
    'travel.bookings',
    'Trips booked through our site',
    'id booker_email booked_at total_price currency_code channel=web|app|agent',
  ],
  ['travel.passengers', '', 'id booking_id>travel.bookings first_name last_name birth_date:date'],
  [
    'travel.tickets',
    'A passenger on a flight',
    'id passenger_id>travel.passengers flight_id>travel.flights fare_class=economy|premium|business|first seat fare',
  ],
  ['travel.baggage', 'Checked bags', 'id ticket_id>travel.tickets weight_kg:float tag_number'],
  [
    'travel.loyalty_members',
    'Frequent flyer programme',
    'id email tier=Blue|Silver|Gold|Platinum points_balance:integer joined_on:date',
  ],
  // Energy (a utility)
  [
    'energy.sites',
    'Supply points',
    'id address postal_code grid_region=North|South|East|West connection_type=residential|commercial|industrial',
  ],
  ['energy.meters', '', 'id site_id>energy.sites serial_number meter_type=electricity|gas|heat installed_on:date'],
  [
    'energy.meter_readings',
    'Raw readings sent by smart meters',
    'meter_id>energy.meters read_at reading_kwh:float quality=actual|estimated',
  ],
  [
    'energy.daily_consumption',
    'Consumption per meter and day, derived from readings',
    'meter_id>energy.meters usage_date:date kwh:float',
  ],
  ['energy.tariffs', '', 'id name=Green~Fix~12|Flex~Spot|Night~Saver|Business~Pro price_per_kwh standing_charge'],
  [
    'energy.contracts',
    'Supply contracts between a customer and us',
    'id site_id>energy.sites tariff_id>energy.tariffs customer_name starts_on:date ends_on:date',
  ],
  ['energy.bills', '', 'id contract_id>energy.contracts period_start:date period_end:date kwh_billed:float amount_due'],
  [
    'energy.outages',
    'Interruptions of supply',
    'id grid_region started_at restored_at customers_affected:integer cause=storm|equipment|planned|third_party',
  ],
  [
    'energy.assets',
    'Grid equipment',
    'id asset_type=transformer|substation|cable|switchgear commissioned_on:date grid_region',
  ],
  [
    'energy.maintenance_orders',
    'Work orders on grid assets',
    'id asset_id>energy.assets opened_at closed_at priority=low|medium|high|critical',
  ],
  // Support
  [
    'support.tickets',
    'Customer support requests',
    'id customer_email subject channel=email|chat|phone|web_form priority=low|normal|high|urgent status=open|pending|solved|closed queue_id>support.queues assignee_id>support.agents created_at solved_at',
  ],
  [
    'support.ticket_comments',
    '',
    'id ticket_id>support.tickets author_agent_id>support.agents is_public body created_at',
  ],
  ['support.agents', 'Support staff', 'id full_name team=Tier~1|Tier~2|Billing|Technical employee_id>hr.employees'],
  ['support.queues', '', 'id name=Returns|Billing|Delivery|Product~questions|Account language'],
  [
    'support.sla_policies',
    'Target response times by priority',
    'id priority first_response_minutes:integer resolution_hours:integer',
  ],
  [
    'support.csat_responses',
    'Customer satisfaction survey answers after a ticket is solved',
    'id ticket_id>support.tickets score:integer comment answered_at',
  ],
  ['support.kb_articles', 'Help centre articles', 'id title locale=en|de|nl|sv views:integer updated_at'],
  // Marketing / web analytics
  [
    'web.sessions',
    'Visits to the web shop',
    'id visitor_id started_at device=desktop|mobile|tablet utm_source utm_medium=cpc|email|organic|social country_code',
  ],
  ['web.page_views', '', 'id session_id>web.sessions url viewed_at time_on_page_seconds:integer'],
  ['web.conversions', 'Sessions that ended in an order', 'session_id>web.sessions order_id>sales.orders converted_at'],
  [
    'marketing.ad_campaigns',
    '',
    'id platform=Google~Ads|Meta|LinkedIn|TikTok name objective=awareness|traffic|conversions starts_on:date',
  ],
  [
    'marketing.ad_spend_daily',
    'Spend, impressions and clicks per campaign and day',
    'campaign_id>marketing.ad_campaigns spend_date:date spend impressions:integer clicks:integer',
  ],
  [
    'marketing.email_sends',
    'Newsletters and lifecycle emails sent',
    'id campaign_name recipient_email sent_at template=welcome|abandoned_cart|newsletter|win_back',
  ],
  [
    'marketing.email_events',
    '',
    'id send_id>marketing.email_sends event_type=delivered|opened|clicked|bounced|unsubscribed occurred_at',
  ],
  ['marketing.segments', 'Audience segments for targeting', 'id name rule_sql created_at'],
  // Legacy census extract with coded columns (documented only in comments)
  [
    'legacy.district_demographics',
    'Census figures per sales district (legacy extract)',
    'district_id:integer a2 a3 a4:integer a5:integer a8:integer a10:float a11:integer a12:float a13:float a16:integer',
    {
      a2: 'district name',
      a3: 'region',
      a4: 'number of inhabitants',
      a10: 'ratio of urban inhabitants',
      a11: 'average salary',
      a12: 'unemployment rate 1995',
      a13: 'unemployment rate 1996',
      a16: 'committed crimes 1996',
    },
  ],
  [
    'legacy.loan_accounts',
    'Bank loans of business customers (legacy extract)',
    'loan_id:integer account_id:integer granted_on:date amount duration_months:integer payments status=A|B|C|D',
    { status: 'A finished ok, B finished unpaid, C running ok, D running in debt' },
  ],
  // Operations / audit
  ['ops.audit_log', 'Who changed what in the back office', 'id actor_email action entity_type entity_id occurred_at'],
  ['ops.feature_flags', '', 'id key enabled:boolean updated_at'],
  [
    'ops.etl_job_runs',
    'Loads of the warehouse pipelines',
    'id job_name started_at finished_at status=success|failed|running rows_loaded:integer',
  ],
];

const explicitTypes: Record<string, TypeFamily> = {
  integer: 'integer',
  float: 'float',
  date: 'date',
  boolean: 'boolean',
  text: 'text',
  decimal: 'decimal',
};

function inferType(name: string): TypeFamily {
  if (name === 'id' || name.endsWith('_id')) return 'integer';
  if (name.endsWith('_at')) return 'timestamp';
  if (/^(is|has)_/.test(name)) return 'boolean';
  if (
    /(amount|price|cost|quota|budget|spend|pay|fare|balance|charge|debit|credit|annual_base|withheld|gain_loss|due)/.test(
      name,
    )
  )
    return 'decimal';
  return 'text';
}

const nativeOf: Record<TypeFamily, string> = {
  integer: 'integer',
  decimal: 'numeric(14,2)',
  float: 'double precision',
  text: 'text',
  date: 'date',
  timestamp: 'timestamp with time zone',
  boolean: 'boolean',
} as Record<TypeFamily, string>;

function toTable(spec: Spec): { schema: string; table: Table } {
  const [qualified, comment, columnText, columnComments = {}] = spec;
  const [schema, name] = qualified.split('.') as [string, string];
  const columns: Column[] = [];
  const foreignKeys: Table['foreignKeys'] = [];
  for (const [ordinal, token] of columnText.split(' ').entries()) {
    const match = /^([a-z0-9_]+)(?::([a-z]+))?(?:>([a-z_]+)\.([a-z0-9_]+))?(?:=(.+))?$/.exec(token);
    if (!match) throw new Error(`bad column token ${token} in ${qualified}`);
    const [, column, typeName, refSchema, refTable, values] = match as unknown as string[];
    const type = typeName ? (explicitTypes[typeName] as TypeFamily) : inferType(column as string);
    columns.push({
      name: column as string,
      ordinal: ordinal + 1,
      nativeType: nativeOf[type],
      type,
      nullable: column !== 'id',
      ...(columnComments[column as string] ? { comment: columnComments[column as string] } : {}),
      ...(values
        ? {
            fieldValues: {
              values: values.split('|').map((v) => v.replace(/~/g, ' ')),
              complete: true,
              source: 'query' as const,
            },
          }
        : {}),
    });
    if (refSchema && refTable) {
      foreignKeys.push({
        columns: [column as string],
        referencedSchema: refSchema,
        referencedTable: refTable,
        referencedColumns: ['id'],
      });
    }
  }
  return {
    schema,
    table: {
      name,
      kind: 'table',
      ...(comment ? { comment } : {}),
      columns,
      ...(columns[0]?.name === 'id' ? { primaryKey: { columns: ['id'] } } : {}),
      foreignKeys,
      uniqueConstraints: [],
      indexes: [],
    },
  };
}

/** The corp warehouse as one database of a catalog. */
export function corpDatabase(): Catalog['databases'][number] {
  const schemas = new Map<string, Table[]>();
  for (const spec of specs) {
    const { schema, table } = toTable(spec);
    schemas.set(schema, [...(schemas.get(schema) ?? []), table]);
  }
  return { name: 'corp', schemas: [...schemas].map(([name, tables]) => ({ name, tables })) };
}

/** Tables in the corp warehouse. */
export const corpTableCount = specs.length;
