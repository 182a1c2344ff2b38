// The one module script: GOV.UK Frontend, then MOJ Frontend.
import { initAll as initGovuk } from '/assets/govuk/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj/moj-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initGovuk();
initMoj();
