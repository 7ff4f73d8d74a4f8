-- Staff credit grants (and their reversal when an invoice that used credit is voided).
ALTER TYPE "BalanceEntryType" ADD VALUE 'ADJUSTMENT';
ALTER TYPE "BalanceEntryType" ADD VALUE 'INVOICE_VOIDED';
