import { describePaymentsMatrix } from "./payments-matrix";

describePaymentsMatrix("LOCAL");
