//! The API's reference for users who make tokens, under their account: every operation of
//! `/api/v1` with its parameters, body and answers, read from the same OpenAPI description
//! `/api/v1/openapi.json` serves, drawn as an ordinary page (styled under the site's CSP and
//! readable by screen readers, which the bundled Swagger UI was not).

use askama::Template;
use askama_web::WebTemplate;

use crate::api::Endpoint;
use crate::auth::CurrentUser;

#[derive(Template, WebTemplate)]
#[template(path = "accounts/api.html")]
pub struct ApiDocsPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    endpoints: Vec<Endpoint>,
}

pub async fn page(me: CurrentUser) -> ApiDocsPage {
    ApiDocsPage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        endpoints: crate::api::reference(),
    }
}
