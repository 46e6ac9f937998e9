// A world map of the filtered incidents that have a place (precision 1–2), drawn offline from
// the Natural Earth boundaries shipped with the app (no tile server). Each point is a link,
// reachable by keyboard and named by its reference and title; the table below the map lists
// the same incidents for anyone who cannot use the map.
import { geoEqualEarth, geoPath } from 'd3-geo';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { feature } from 'topojson-client';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Topology } from 'topojson-specification';
import { toProblem, type Problem } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Loading } from '../../components/guards.tsx';
import { searchApi, type MapPoint, type SearchFilters } from '../../searchApi.ts';

const WIDTH = 960;
const HEIGHT = 470;
const BOUNDARIES = '/maps/world-countries-50m.topo.json';

let boundaries: Promise<FeatureCollection<Geometry>> | null = null;
function loadBoundaries() {
  boundaries ??= fetch(BOUNDARIES)
    .then((r) => r.json() as Promise<Topology>)
    .then(
      (topology) => feature(topology, topology.objects.countries!) as FeatureCollection<Geometry>,
    );
  return boundaries;
}

export function IncidentMap({ filters }: { filters: SearchFilters }) {
  const [world, setWorld] = useState<FeatureCollection<Geometry> | null>(null);
  const [points, setPoints] = useState<{
    items: MapPoint[];
    cap: number;
    truncated: boolean;
  } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([loadBoundaries(), searchApi.map(filters)])
      .then(([w, p]) => {
        if (!live) return;
        setWorld(w);
        setPoints(p);
        setProblem(null);
      })
      .catch((error: unknown) => live && setProblem(toProblem(error)));
    return () => {
      live = false;
    };
  }, [filters]);

  const projection = useMemo(
    () => (world ? geoEqualEarth().fitSize([WIDTH, HEIGHT], world) : null),
    [world],
  );
  const path = useMemo(() => (projection ? geoPath(projection) : null), [projection]);

  if (problem) return <ProblemAlert problem={problem} />;
  if (!world || !points || !projection || !path) return <Loading what="map" />;
  return (
    <figure className="margin-x-0" aria-labelledby="incident-map-caption">
      <figcaption id="incident-map-caption" className="margin-bottom-1">
        {points.items.length} incident{points.items.length === 1 ? '' : 's'} with a place on the map
        {points.truncated ? ` (the newest ${points.cap}; narrow the filters to see the rest)` : ''}.
        Incidents located only to a region are not drawn. The table below lists every incident that
        matches.
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="incident-map"
        role="group"
        aria-label="World map of the matching incidents"
        style={{ width: '100%', height: 'auto', background: '#eef4fa' }}
      >
        <g aria-hidden="true">
          {world.features.map((f, i) => (
            <path
              key={String(f.id ?? i)}
              d={path(f) ?? ''}
              fill="#dfe1e2"
              stroke="#71767a"
              strokeWidth={0.4}
            />
          ))}
        </g>
        <g>
          {points.items.map((p) => {
            const xy = projection([p.longitude, p.latitude]);
            if (!xy) return null;
            const label = `${p.reference}: ${p.title}`;
            return (
              <Link
                key={p.id}
                to={`/incidents/${p.id}`}
                aria-label={label}
                className="incident-map-point"
              >
                <title>{label}</title>
                <circle
                  cx={xy[0]}
                  cy={xy[1]}
                  r={5}
                  fill="#b50909"
                  stroke="#ffffff"
                  strokeWidth={1.5}
                />
              </Link>
            );
          })}
        </g>
      </svg>
    </figure>
  );
}
