// dmn-js ships no TypeScript declarations; this is the part of its API the UI uses.
declare module 'dmn-js/lib/NavigatedViewer' {
  export interface DmnView {
    id: string;
    name?: string;
    type: 'drd' | 'decisionTable' | 'literalExpression' | 'boxedExpression' | string;
    element: { id: string; name?: string; $type: string };
  }
  export interface ViewsChanged {
    views: DmnView[];
    activeView: DmnView | null;
  }
  export default class DmnJS {
    constructor(options: { container: HTMLElement; [key: string]: unknown });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): DmnView[];
    getActiveView(): DmnView | null;
    getActiveViewer(): { get(name: string): any } | null;
    open(view: DmnView): Promise<{ warnings: unknown[] }>;
    on(event: string, cb: (e: any) => void): void;
    off(event: string, cb: (e: any) => void): void;
    destroy(): void;
  }
}
declare module 'dmn-js/lib/Modeler' {
  import DmnJS from 'dmn-js/lib/NavigatedViewer';
  export default DmnJS;
}
