"use client";

import "~/lib/zod-jitless";

import { SessionProvider } from "next-auth/react";
import { useEffect, type ReactNode } from "react";
import { Toaster } from "sonner";

import { TRPCReactProvider } from "~/trpc/react";

export function Providers({ children }: { children: ReactNode }) {
  // Marks the document once React has hydrated it: from then on every button works. Browser tests wait
  // for it after a full page load instead of racing hydration.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <SessionProvider>
      <TRPCReactProvider>
        {children}
        {/* Bottom: a toast never covers the header or the page title. */}
        <Toaster richColors position="bottom-right" />
      </TRPCReactProvider>
    </SessionProvider>
  );
}
