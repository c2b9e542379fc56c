/**
 * The consultation as a report introduces it: the settings a reader needs to read the figures
 * (scale, consensus rule and its bands, minimum group size).
 */
import { describeConsensusRule } from "@/shared/domain";
import type { ConsultationReport } from "../report-types";
import type { ReportData } from "./load";
import type { Band } from "./statistics";

export function reportConsultationOf(
  consultation: ReportData["consultation"],
  bands: { top: Band; bottom: Band },
): ConsultationReport["consultation"] {
  const rule = consultation.consensusRule ?? null;
  return {
    slug: consultation.slug,
    title: consultation.title,
    researchQuestion: consultation.researchQuestion,
    description: consultation.description,
    scaleMax: consultation.scaleMax,
    scaleLabels: consultation.scaleLabels,
    anonymity: consultation.anonymity,
    consensusRule: rule,
    consensusRuleText: describeConsensusRule(rule, consultation.scaleMax),
    topBand: bands.top,
    bottomBand: bands.bottom,
    isDemo: consultation.isDemo,
    minGroupSize: consultation.minGroupSize,
  };
}
