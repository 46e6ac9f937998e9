// Shown on every page when the database holds the synthetic demo data set, so nobody mistakes
// it for real cases (DESIGN.md: demo data is marked on every page).
import { Alert } from '@trussworks/react-uswds';

export function SyntheticDataBanner() {
  return (
    <section aria-label="Synthetic data notice" className="margin-0">
      <Alert type="warning" slim className="margin-0">
        <strong>Synthetic demo data — not real cases.</strong> Everything shown here was generated
        for demonstration.
      </Alert>
    </section>
  );
}
