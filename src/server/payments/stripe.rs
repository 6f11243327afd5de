//! Stripe: PaymentIntents confirmed from a card token that Stripe.js made in the browser
//! (so no card number or code reaches Caravan), 3-D Secure completed by Stripe.js, refunds.
//! The API and script addresses are settings, so tests run against `localstripe`.

use super::{BrowserKeys, ChargeRequest, Charged, Connect, IntentStatus, PaymentError, PaymentProvider, PaymentSource};
use crate::domain::{CompanyId, Money};
use crate::server::config::StripeConfig;
use async_trait::async_trait;
use serde_json::Value;
use std::time::Duration;

#[derive(Debug)]
pub struct Stripe {
    http: reqwest::Client,
    api_url: String,
    secret_key: String,
    keys: BrowserKeys,
    connect: bool,
}

impl Stripe {
    /// A client for the configured account; the secret and publishable keys are required.
    pub fn new(config: &StripeConfig) -> Result<Stripe, String> {
        let required = |value: &Option<String>, name: &str| match value.as_deref().map(str::trim) {
            Some(v) if !v.is_empty() => Ok(v.to_string()),
            _ => Err(format!("CARAVAN_PAYMENTS=stripe needs {name}")),
        };
        let secret_key = required(&config.secret_key, "CARAVAN_STRIPE_SECRET_KEY")?;
        let publishable_key = required(&config.publishable_key, "CARAVAN_STRIPE_PUBLISHABLE_KEY")?;
        required(&config.webhook_secret, "CARAVAN_STRIPE_WEBHOOK_SECRET")?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| format!("cannot build the Stripe client: {e}"))?;
        Ok(Stripe {
            http,
            api_url: config.api_url.trim_end_matches('/').to_string(),
            secret_key,
            keys: BrowserKeys { js_url: config.js_url.clone(), publishable_key },
            connect: config.connect,
        })
    }

    async fn call(&self, request: reqwest::RequestBuilder) -> Result<Value, PaymentError> {
        let response = request.bearer_auth(&self.secret_key).send().await.map_err(|e| {
            tracing::warn!(error = %e, "Stripe did not answer");
            PaymentError::Unavailable
        })?;
        let status = response.status();
        let body: Value = response.json().await.map_err(|e| {
            tracing::warn!(error = %e, %status, "Stripe's answer was not JSON");
            PaymentError::Unavailable
        })?;
        if status.is_success() {
            return Ok(body);
        }
        let error = &body["error"];
        match (status.as_u16(), error["decline_code"].as_str(), error["code"].as_str()) {
            (402, Some("insufficient_funds"), _) => Err(PaymentError::InsufficientFunds),
            (402, _, _) | (_, _, Some("card_declined")) => Err(PaymentError::Declined),
            (429 | 500.., _, _) => {
                tracing::warn!(%status, message = ?error["message"], "Stripe is unavailable");
                Err(PaymentError::Unavailable)
            }
            _ => {
                tracing::error!(%status, message = ?error["message"], "Stripe refused a request");
                Err(PaymentError::Unsupported)
            }
        }
    }

    async fn post(&self, path: &str, form: &[(&str, String)], key: Option<&str>) -> Result<Value, PaymentError> {
        let mut request = self.http.post(format!("{}{path}", self.api_url)).form(form);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        self.call(request).await
    }

    async fn get(&self, path: &str) -> Result<Value, PaymentError> {
        self.call(self.http.get(format!("{}{path}", self.api_url))).await
    }

    /// "Visa ending 4242" from a card or payment method object.
    fn summary(card: &Value) -> String {
        let card = if card["card"].is_object() { &card["card"] } else { card };
        let brand = card["brand"].as_str().unwrap_or("Card");
        let mut brand: Vec<char> = brand.chars().collect();
        if let Some(first) = brand.first_mut() {
            *first = first.to_ascii_uppercase();
        }
        let brand: String = brand.into_iter().collect();
        match card["last4"].as_str() {
            Some(last4) => format!("{brand} ending {last4}"),
            None => brand,
        }
    }

    async fn read(&self, intent: &Value) -> Result<IntentStatus, PaymentError> {
        let id = intent["id"].as_str().ok_or(PaymentError::Unavailable)?;
        Ok(match intent["status"].as_str() {
            Some("succeeded") => {
                let card_summary = match intent["payment_method"].as_str() {
                    Some(method) => Self::summary(&self.get(&format!("/v1/payment_methods/{method}")).await?),
                    None => String::new(),
                };
                IntentStatus::Succeeded(Charged { reference: id.to_string(), card_summary })
            }
            Some("requires_action") => {
                let client_secret = intent["client_secret"].as_str().ok_or(PaymentError::Unavailable)?;
                IntentStatus::RequiresAction { client_secret: client_secret.to_string() }
            }
            Some("requires_payment_method")
                if intent["last_payment_error"]["code"] == "payment_intent_authentication_failure" =>
            {
                IntentStatus::Failed(PaymentError::AuthenticationFailed)
            }
            Some("requires_payment_method") if intent["last_payment_error"].is_object() => {
                IntentStatus::Failed(PaymentError::Declined)
            }
            // Still being processed: not known yet, so nothing is concluded from it.
            Some("processing" | "requires_capture") => return Err(PaymentError::Unavailable),
            _ => IntentStatus::Failed(PaymentError::NotCompleted),
        })
    }
}

/// Whether a secret key charges real cards.
fn is_live(secret_key: &str) -> bool {
    secret_key.starts_with("sk_live_") || secret_key.starts_with("rk_live_")
}

#[async_trait]
impl PaymentProvider for Stripe {
    fn name(&self) -> &'static str {
        "stripe"
    }

    fn moves_real_money(&self) -> bool {
        is_live(&self.secret_key)
    }

    fn browser(&self) -> Option<BrowserKeys> {
        Some(self.keys.clone())
    }

    async fn create(&self, request: &ChargeRequest) -> Result<String, PaymentError> {
        let form = [
            ("amount", request.amount.minor().to_string()),
            ("currency", request.amount.currency().code().to_ascii_lowercase()),
            ("payment_method_types[0]", "card".to_string()),
            ("metadata[caravan]", request.description.clone()),
        ];
        let intent = self.post("/v1/payment_intents", &form, Some(&request.idempotency_key)).await?;
        intent["id"].as_str().map(str::to_string).ok_or(PaymentError::Unavailable)
    }

    async fn confirm(&self, intent: &str, source: &PaymentSource) -> Result<IntentStatus, PaymentError> {
        let PaymentSource::Token(token) = source else { return Err(PaymentError::Unsupported) };
        if !token.starts_with("tok_") || !token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(PaymentError::Unsupported);
        }
        let token = self.get(&format!("/v1/tokens/{token}")).await?;
        let card = token["card"]["id"].as_str().ok_or(PaymentError::Unsupported)?;
        let path = format!("/v1/payment_intents/{intent}");
        self.post(&path, &[("payment_method", card.to_string())], None).await?;
        match self.post(&format!("{path}/confirm"), &[], Some(&format!("{intent}-confirm"))).await {
            Ok(confirmed) => self.read(&confirmed).await,
            Err(declined @ (PaymentError::Declined | PaymentError::InsufficientFunds)) => {
                Ok(IntentStatus::Failed(declined))
            }
            Err(e) => Err(e),
        }
    }

    async fn status(&self, intent: &str) -> Result<IntentStatus, PaymentError> {
        let intent = self.get(&format!("/v1/payment_intents/{intent}")).await?;
        self.read(&intent).await
    }

    async fn cancel(&self, intent: &str) -> Result<(), PaymentError> {
        self.post(&format!("/v1/payment_intents/{intent}/cancel"), &[], None).await.map(|_| ())
    }

    async fn refund(&self, intent: &str, amount: Money, idempotency_key: &str) -> Result<(), PaymentError> {
        let form = [("payment_intent", intent.to_string()), ("amount", amount.minor().to_string())];
        self.post("/v1/refunds", &form, Some(idempotency_key)).await.map(|_| ())
    }

    fn connect(&self) -> Option<&dyn Connect> {
        self.connect.then_some(self as &dyn Connect)
    }
}

/// Whether `id` names a connected account (it goes into request paths).
fn is_account_id(id: &str) -> bool {
    id.starts_with("acct_") && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn account_id(value: &Value) -> Result<String, PaymentError> {
    value["id"].as_str().filter(|id| is_account_id(id)).map(str::to_string).ok_or(PaymentError::Unavailable)
}

#[async_trait]
impl Connect for Stripe {
    async fn create_account(&self, email: &str, supplier: CompanyId) -> Result<String, PaymentError> {
        let form = [
            ("type", "express".to_string()),
            ("email", email.to_string()),
            ("capabilities[transfers][requested]", "true".to_string()),
            ("metadata[caravan_company]", supplier.to_string()),
        ];
        // No idempotency key: one made from the company's id would give another Caravan
        // database on the same Stripe account (staging) this supplier's account.
        account_id(&self.post("/v1/accounts", &form, None).await?)
    }

    async fn onboarding_link(
        &self,
        account: &str,
        return_url: &str,
        refresh_url: &str,
    ) -> Result<String, PaymentError> {
        let form = [
            ("account", account.to_string()),
            ("type", "account_onboarding".to_string()),
            ("return_url", return_url.to_string()),
            ("refresh_url", refresh_url.to_string()),
        ];
        let link = self.post("/v1/account_links", &form, None).await?;
        link["url"].as_str().map(str::to_string).ok_or(PaymentError::Unavailable)
    }

    async fn payouts_enabled(&self, account: &str) -> Result<bool, PaymentError> {
        if !is_account_id(account) {
            return Err(PaymentError::Unsupported);
        }
        let account = self.get(&format!("/v1/accounts/{account}")).await?;
        Ok(account["payouts_enabled"].as_bool().unwrap_or(false)
            && account["capabilities"]["transfers"].as_str() == Some("active"))
    }

    async fn transfer(
        &self,
        account: &str,
        amount: Money,
        idempotency_key: &str,
        description: &str,
    ) -> Result<String, PaymentError> {
        let form = [
            ("amount", amount.minor().to_string()),
            ("currency", amount.currency().code().to_ascii_lowercase()),
            ("destination", account.to_string()),
            ("description", description.to_string()),
        ];
        let transfer = self.post("/v1/transfers", &form, Some(idempotency_key)).await?;
        transfer["id"].as_str().map(str::to_string).ok_or(PaymentError::Unavailable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_live_keys_move_real_money() {
        assert!(is_live("sk_live_abc"));
        assert!(!is_live("sk_test_abc"));
    }

    #[test]
    fn card_summaries_read_cards_and_payment_methods() {
        assert_eq!(Stripe::summary(&json!({"brand": "Visa", "last4": "4242"})), "Visa ending 4242");
        assert_eq!(
            Stripe::summary(&json!({"card": {"brand": "mastercard", "last4": "4444"}})),
            "Mastercard ending 4444"
        );
        assert_eq!(Stripe::summary(&json!({})), "Card");
    }
}
