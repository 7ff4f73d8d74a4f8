import { describePaymentsRoutes } from "./payments-routes";

describePaymentsRoutes("STRIPE");
