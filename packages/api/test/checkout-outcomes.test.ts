import { describeCheckoutOutcomes } from "./checkout-outcomes";

describeCheckoutOutcomes("LOCAL");
