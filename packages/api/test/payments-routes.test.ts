import { describePaymentsRoutes } from "./payments-routes";

describePaymentsRoutes("LOCAL");
