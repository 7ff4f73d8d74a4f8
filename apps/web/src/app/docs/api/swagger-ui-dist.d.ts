declare module "swagger-ui-dist/swagger-ui-es-bundle.js" {
  /** Swagger UI's prebuilt bundle: mounts the UI into `domNode`. */
  const SwaggerUIBundle: (options: {
    domNode: HTMLElement;
    url: string;
    docExpansion?: "list" | "full" | "none";
    defaultModelsExpandDepth?: number;
    tryItOutEnabled?: boolean;
    onComplete?: () => void;
  }) => unknown;
  export default SwaggerUIBundle;
}
