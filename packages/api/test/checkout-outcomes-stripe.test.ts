import { describeCheckoutOutcomes } from "./checkout-outcomes";

describeCheckoutOutcomes("STRIPE");
