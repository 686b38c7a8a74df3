// Questions of the retrieval eval with their gold tables (`schema.table`), written for this repo: 12 over the demo
// shop (database "demo") and 45 over the corp warehouse (database "corp"). Not taken from any public benchmark.
export interface EvalQuestion {
  database: 'demo' | 'corp';
  question: string;
  gold: string[];
}

const demo = (question: string, ...gold: string[]): EvalQuestion => ({ database: 'demo', question, gold });
const corp = (question: string, ...gold: string[]): EvalQuestion => ({ database: 'corp', question, gold });

export const evalQuestions: EvalQuestion[] = [
  demo('What is the total paid revenue?', 'billing.payments'),
  demo('How many checkouts were cancelled?', 'shop.orders'),
  demo('Which category sells the most units?', 'shop.products', 'shop.order_items'),
  demo('How much revenue came from customers in Sweden?', 'billing.payments', 'shop.orders', 'shop.customers'),
  demo('How many Mechanical Keyboards did we sell?', 'shop.products', 'shop.order_items'),
  demo('What share of payments was made with paypal?', 'billing.payments'),
  demo('Average number of lines per order', 'shop.order_items'),
  demo('How many people signed up each month of 2025?', 'shop.customers'),
  demo('List the prices of all hardware', 'shop.products'),
  demo('Who are our most valuable customers over their lifetime?', 'shop.customer_lifetime_value'),
  demo('Orders delivered per week', 'shop.orders'),
  demo('Which products are bought together with the Desk Mat?', 'shop.order_items', 'shop.products'),

  corp('Total pipeline amount in the Negotiation stage', 'crm.opportunities', 'crm.opportunity_stages'),
  corp('Which sales rep logged the most demo calls last quarter?', 'crm.activities', 'crm.sales_reps'),
  corp('How many leads came from trade shows in 2024?', 'crm.leads'),
  corp('Win rate of deals per territory', 'crm.opportunities', 'crm.territories'),
  corp('How many Trail Runner 2 were sold last month?', 'sales.products', 'sales.order_lines'),
  corp('Revenue by loyalty level', 'sales.orders', 'sales.customers'),
  corp('What percentage of orders used the code BLACKFRIDAY?', 'sales.promotions', 'sales.order_promotions'),
  corp('Most common reason for returned items', 'sales.returns', 'sales.return_reasons'),
  corp('Average star rating per product category', 'sales.product_reviews', 'sales.product_categories'),
  corp('How many abandoned carts did we have in November?', 'sales.carts'),
  corp("Which vendors have overdue bills we still haven't paid?", 'finance.ap_invoices', 'finance.vendors'),
  corp('Actual spend against budget for the Marketing cost center in 2025', 'finance.budgets', 'finance.cost_centers'),
  corp('What was the EUR to SEK rate on 12/31/2024?', 'finance.exchange_rates'),
  corp('Days sales outstanding for B2B invoices', 'finance.ar_invoices', 'finance.payments_received'),
  corp('Headcount per department', 'hr.employees', 'hr.departments'),
  corp('Average salary of employees in the Berlin office', 'hr.salaries', 'hr.employees', 'hr.offices'),
  corp('How many sick days were taken in March?', 'hr.time_off_requests', 'hr.leave_types'),
  corp('How many contractors were hired in 2023?', 'hr.employees'),
  corp('Which candidates from LinkedIn got an offer?', 'hr.candidates', 'hr.job_applications'),
  corp('Completion rate of the Security Awareness course', 'hr.training_enrollments', 'hr.trainings'),
  corp(
    'How much stock of each product is on hand in the Venlo DC?',
    'logistics.inventory_levels',
    'logistics.warehouses',
  ),
  corp('Average delivery time of parcels shipped with DPD', 'logistics.shipments', 'logistics.carriers'),
  corp('How many shipments had a delivery exception last week?', 'logistics.shipment_events'),
  corp('Total distance driven by the electric vans', 'logistics.delivery_routes', 'logistics.vehicles'),
  corp('How many patients were diagnosed this year, by ICD chapter?', 'clinic.diagnoses', 'clinic.icd10_codes'),
  corp('No-show rate of video appointments by specialty', 'clinic.appointments', 'clinic.physicians'),
  corp('How many patients were prescribed Metformin?', 'clinic.prescriptions', 'clinic.medications'),
  corp('Share of HbA1c results flagged high', 'clinic.lab_results', 'clinic.lab_tests'),
  corp('Amount denied by TK', 'clinic.claims', 'clinic.insurers'),
  corp('How many flights operated by KLM were cancelled in 2025?', 'travel.flights', 'travel.airlines'),
  corp('Average delay caused by weather per airline', 'travel.flight_delays', 'travel.airlines'),
  corp('Which routes have the most business class passengers?', 'travel.tickets', 'travel.flights'),
  corp('How many Gold tier frequent flyers joined this year?', 'travel.loyalty_members'),
  corp('Average electricity consumed per industrial site in January', 'energy.daily_consumption', 'energy.sites'),
  corp('How many customers were affected by storm outages in the North?', 'energy.outages'),
  corp('Which tariff has the highest price per kWh?', 'energy.tariffs'),
  corp('Open critical work orders on transformers', 'energy.maintenance_orders', 'energy.assets'),
  corp('Median time to resolve urgent tickets', 'support.tickets'),
  corp('Average satisfaction score per support team', 'support.csat_responses', 'support.agents'),
  corp('Clicks and spend of our TikTok ads per week', 'marketing.ad_spend_daily', 'marketing.ad_campaigns'),
  corp('Open rate of the abandoned cart emails', 'marketing.email_events', 'marketing.email_sends'),
  corp('Conversion rate of mobile visitors', 'web.sessions', 'web.conversions'),
  corp('State the unemployment rate of each region in 1996', 'legacy.district_demographics'),
  corp('Calculate the number of loans running in debt', 'legacy.loan_accounts'),
  corp('Which ETL jobs failed yesterday?', 'ops.etl_job_runs'),
];
