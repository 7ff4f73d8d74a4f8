import { describePaymentsMatrix } from "./payments-matrix";

describePaymentsMatrix("STRIPE");
